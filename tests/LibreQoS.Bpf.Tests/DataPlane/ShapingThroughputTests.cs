using LibreQoS.Bpf.DataPlane;
using LibreQoS.Core.Network;
using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests.DataPlane;

/// <summary>
/// TCP through the attached shaper: two mapped hosts held to their HTB classes (10 and 40 Mbit/s, on different
/// shaping CPUs) while an unmapped one runs free, in each direction; and the host counters match what iperf3 moved.
/// </summary>
[Trait("Requires", "root")]
[Collection(KernelTests.Name)]
public sealed class ShapingThroughputTests : IDisposable
{
    private const int Seconds = 3;
    private const int UnmappedPaceMbps = 400;
    private const int FrameBytes = 1514;

    private readonly TestBpfFs? _fs;
    private readonly BridgeLab? _lab;
    private readonly ShaperDataPlane? _dataPlane;

    public ShapingThroughputTests()
    {
        if (Privileges.WhyNotRoot() is not null)
            return;
        _fs = new TestBpfFs();
        _lab = new BridgeLab();
        _dataPlane = ShaperDataPlane.Load(_fs.PinDirectory);
        _dataPlane.Mappings.Set(
        [
            new IpMapping(IpPrefix.Parse(BridgeLab.MappedV4), Cpu: 0, TcHandle: 0x10010, CircuitId: 1, DeviceId: 1),
            new IpMapping(IpPrefix.Parse(BridgeLab.SecondMappedV4), Cpu: 1, TcHandle: 0x10040, CircuitId: 2, DeviceId: 2),
        ]);
    }

    public void Dispose()
    {
        _dataPlane?.Dispose();
        _lab?.Dispose();
        _fs?.Dispose();
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces, Tools = ["iperf3"])]
    public void Download_MappedHostsGetTheirClassRates_UnmappedRunsFree()
    {
        var lab = _lab!;
        lab.AddHtb(BridgeLab.ToIsp, ("1:10", 10), ("1:40", 40));
        lab.Shaper.Run(() => _dataPlane!.Attach(BridgeLab.Topology));

        var results = RunAtOnce(lab.Client, lab.Internet, upload: false);

        AssertShaped(results, counters: host => host.DownloadBytes);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces, Tools = ["iperf3"])]
    public void Upload_MappedHostsGetTheirClassRates_UnmappedRunsFree()
    {
        var lab = _lab!;
        lab.AddHtb(BridgeLab.ToInternet, ("1:10", 10), ("1:40", 40));
        lab.Shaper.Run(() => _dataPlane!.Attach(BridgeLab.Topology));

        var results = RunAtOnce(lab.Internet, lab.Client, upload: true);

        AssertShaped(results, counters: host => host.UploadBytes);
    }

    private static Dictionary<string, Iperf3Result> RunAtOnce(NetworkNamespace receiver, NetworkNamespace sender, bool upload)
    {
        string[] hosts = [BridgeLab.MappedV4, BridgeLab.SecondMappedV4, BridgeLab.UnmappedV4];
        var ports = hosts.Select((host, i) => (host, port: 5201 + i)).ToList();
        foreach (var (host, port) in ports)
            Iperf3.StartServer(receiver, upload ? BridgeLab.InternetV4 : host, port);
        // The unmapped flow is paced: it only has to prove it is not held to a class, not to starve two shared CPUs.
        var runs = ports.Select(p => Task.Run(() => Iperf3.Run(sender, upload ? BridgeLab.InternetV4 : p.host, p.port, Seconds,
            bind: upload ? p.host : null, megabitsPerSecond: p.host == BridgeLab.UnmappedV4 ? UnmappedPaceMbps : null))).ToArray();
        Task.WaitAll(runs);
        return hosts.Select((host, i) => (host, runs[i].Result)).ToDictionary(r => r.host, r => r.Result);
    }

    private void AssertShaped(Dictionary<string, Iperf3Result> results, Func<HostCounters, ulong> counters)
    {
        Assert.InRange(results[BridgeLab.MappedV4].Mbps, 10 * 0.85, 10 * 1.15);
        Assert.InRange(results[BridgeLab.SecondMappedV4].Mbps, 40 * 0.85, 40 * 1.15);
        Assert.True(results[BridgeLab.UnmappedV4].Mbps > UnmappedPaceMbps * 0.8, $"unmapped host got only {results[BridgeLab.UnmappedV4].Mbps:F0} Mbit/s");

        // Counters see whole frames as they arrive, so they may exceed iperf3's payload bytes by the headers (at
        // most 5%) plus every segment sent again after a drop on the way (a full queue, shaping itself).
        var hosts = _dataPlane!.ReadHostCounters().ToDictionary(h => h.Host.ToString());
        foreach (var host in new[] { BridgeLab.MappedV4, BridgeLab.SecondMappedV4 })
        {
            var iperf = results[host];
            ulong counted = counters(hosts[host]);
            double allowed = iperf.ReceivedBytes * 1.05 + iperf.Retransmits * FrameBytes;
            Assert.True(counted >= (ulong)iperf.ReceivedBytes && counted <= allowed,
                $"{host}: counted {counted} bytes; iperf3 moved {iperf.ReceivedBytes} with {iperf.Retransmits} retransmits (allowed up to {allowed:F0})");
        }
    }
}
