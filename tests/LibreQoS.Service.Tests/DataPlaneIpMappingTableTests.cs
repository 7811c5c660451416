using ShaperDataPlane = LibreQoS.Bpf.DataPlane.ShaperDataPlane;
using LibreQoS.Core.Network;
using LibreQoS.Core.Shaping;
using LibreQoS.Service.State;
using LibreQoS.TestKit;

namespace LibreQoS.Service.Tests;

/// <summary>The mapping table lqosd uses, against the real pinned LPM trie of a loaded data plane.</summary>
[Trait("Requires", "root")]
public sealed class DataPlaneIpMappingTableTests : IDisposable
{
    private readonly TestBpfFs? _fs;
    private readonly ShaperDataPlane? _dataPlane;

    public DataPlaneIpMappingTableTests()
    {
        if (Privileges.WhyNotRoot() is not null)
            return;
        _fs = new TestBpfFs();
        _dataPlane = ShaperDataPlane.Load(_fs.PinDirectory);
    }

    public void Dispose()
    {
        _dataPlane?.Dispose();
        _fs?.Dispose();
    }

    private static IpMapping Mapping(string ip, int cpu, bool upload = false) =>
        new(IpPrefix.Parse(ip), new TcHandle((ushort)(cpu + 1), 7), cpu, upload, "C1", "D1");

    [RootFact]
    public void Upsert_MoreQueuesThanCpus_SteersToCpuModuloTheShapingCpus()
    {
        var table = new DataPlaneIpMappingTable(_dataPlane!.Mappings, shapingCpus: 2);

        table.Upsert(Mapping("100.64.0.1", 3));

        var kernel = Assert.Single(_dataPlane.Mappings.List());
        Assert.Equal((1u, new TcHandle(4, 7).Value, IdentityHash.ForKernel("C1")), (kernel.Cpu, kernel.TcHandle, kernel.CircuitId));
        Assert.Equal(3, Assert.Single(table.List()).Cpu);
    }

    [RootFact]
    public void ReplaceAll_KeepsOnlyTheNewDownloadMappingsInTheKernel()
    {
        var table = new DataPlaneIpMappingTable(_dataPlane!.Mappings, shapingCpus: 2);
        table.ReplaceAll([Mapping("100.64.0.1", 0), Mapping("100.64.0.2", 1)]);

        table.ReplaceAll([Mapping("100.64.0.2", 1), Mapping("100.64.0.3", 0), Mapping("100.64.0.3", 0, upload: true)]);

        Assert.Equal(["100.64.0.2", "100.64.0.3"], _dataPlane.Mappings.List().Select(m => m.Prefix.ToString()).Order());
        Assert.Equal(3, table.List().Count);
    }

    [RootFact]
    public void ReplaceAll_WritesOnlyTheEntriesThatChanged()
    {
        var table = new DataPlaneIpMappingTable(_dataPlane!.Mappings, shapingCpus: 2);
        table.ReplaceAll([Mapping("100.64.0.1", 0), Mapping("100.64.0.2", 1)]);
        // Removed behind the table's back: rewritten only if ReplaceAll rewrote unchanged entries.
        _dataPlane.Mappings.Remove(IpPrefix.Parse("100.64.0.1"));

        table.ReplaceAll([Mapping("100.64.0.1", 0), Mapping("100.64.0.2", 0)]);

        var kernel = Assert.Single(_dataPlane.Mappings.List());
        Assert.Equal(("100.64.0.2", 0u), (kernel.Prefix.ToString(), kernel.Cpu));
    }

    [RootFact]
    public void NewTable_OverPinnedMappings_StartsFromWhatTheKernelHolds()
    {
        new DataPlaneIpMappingTable(_dataPlane!.Mappings, shapingCpus: 2).Upsert(Mapping("100.64.0.9", 1));

        var restarted = new DataPlaneIpMappingTable(_dataPlane.Mappings, shapingCpus: 2);

        var mapping = Assert.Single(restarted.List());
        Assert.Equal(("100.64.0.9", "2:7"), (mapping.Prefix.ToString(), mapping.Handle.ToString()));
        Assert.True(restarted.Remove(IpPrefix.Parse("100.64.0.9"), upload: false));
        Assert.Empty(_dataPlane.Mappings.List());
    }
}
