using LibreQoS.Bpf.Abi;
using LibreQoS.Bpf.DataPlane;
using LibreQoS.Bpf.Maps;
using LibreQoS.Core.Network;
using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests.DataPlane;

/// <summary>What survives a restart of the loader, and what happens when the pins do not fit this build.</summary>
[Trait("Requires", "root")]
[Collection(KernelTests.Name)]
public class PinnedMapsTests
{
    private static readonly IpMapping Mapping = new(IpPrefix.Parse("100.64.0.1"), 0, 0x10010, 7, 8);

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Load_AfterAnEarlierLoadWasDisposed_SeesItsMappings()
    {
        using var fs = new TestBpfFs();
        using (var first = ShaperDataPlane.Load(fs.PinDirectory))
            first.Mappings.Set(Mapping);

        using var second = ShaperDataPlane.Load(fs.PinDirectory);

        Assert.Equal(Mapping, Assert.Single(second.Mappings.List()));
        Assert.Empty(second.LoadWarnings);
    }

    [RootFact(Kernel = KernelFeatures.Bpf, Tools = ["bpftool"])]
    public void Load_OverAPinWithAnotherLayout_RecreatesItAndWarns()
    {
        using var fs = new TestBpfFs();
        Directory.CreateDirectory(fs.PinDirectory);
        string pin = Path.Combine(fs.PinDirectory, KernelAbi.IpMappingMap);
        var created = ProcessRunner.Run("bpftool", ["map", "create", pin, "type", "hash", "key", "4", "value", "4", "entries", "8", "name", "old_layout"]);
        Assert.True(created.ExitCode == 0, created.StandardError);

        using var dataPlane = ShaperDataPlane.Load(fs.PinDirectory);

        Assert.Contains(dataPlane.LoadWarnings, w => w.Contains(pin, StringComparison.Ordinal) && w.Contains("recreated", StringComparison.Ordinal));
        dataPlane.Mappings.Set(Mapping);
        Assert.Single(dataPlane.Mappings.List());
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Load_WhereNoBpfFilesystemIsMounted_MountsOneAndSaysSo()
    {
        using var temp = new TempDirectory();
        string mountPoint = temp.File("bpf");
        try
        {
            using var dataPlane = ShaperDataPlane.Load(Path.Combine(mountPoint, "lqos"));

            Assert.Contains(dataPlane.LoadWarnings, w => w.Contains($"Mounted a BPF filesystem on {mountPoint}", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(mountPoint, "lqos", KernelAbi.IpMappingMap)));
        }
        finally
        {
            ProcessRunner.Run("umount", [mountPoint]);
        }
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void ReadHostCounters_SumsTheCpusAndTakesIdentityFromTheLatestOne()
    {
        using var fs = new TestBpfFs();
        using var dataPlane = ShaperDataPlane.Load(fs.PinDirectory);
        using var traffic = PerCpuBpfMap<HostKey, HostCounter>.OpenPinned(Path.Combine(fs.PinDirectory, KernelAbi.TrafficMap));
        var perCpu = new HostCounter[traffic.CpuCount];
        for (int cpu = 0; cpu < perCpu.Length; cpu++)
            perCpu[cpu] = new HostCounter { DownloadBytes = 1000, UploadPackets = 2, TcHandle = (uint)cpu + 1, CircuitId = (ulong)cpu + 10, LastSeenNs = (ulong)(cpu == perCpu.Length - 1 ? 900 : 100) };
        traffic.Update(KernelAddress.ToHostKey(IpPrefix.Parse("100.64.0.5")), perCpu);

        var host = Assert.Single(dataPlane.ReadHostCounters());

        Assert.Equal("100.64.0.5", host.Host.ToString());
        Assert.Equal(1000UL * (ulong)perCpu.Length, host.DownloadBytes);
        Assert.Equal(2UL * (ulong)perCpu.Length, host.UploadPackets);
        Assert.Equal((uint)perCpu.Length, host.TcHandle);
        Assert.Equal((ulong)perCpu.Length + 9, host.CircuitId);
        Assert.Equal(900UL, host.LastSeenBootNanoseconds);
        Assert.Equal(1, dataPlane.RemoveHostCounters([host.Host]));
    }
}
