using LibreQoS.Bpf.DataPlane;
using LibreQoS.Core.Network;
using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests.DataPlane;

[Trait("Requires", "root")]
[Collection(KernelTests.Name)]
public sealed class IpMappingTableTests : IDisposable
{
    private readonly TestBpfFs? _fs;
    private readonly ShaperDataPlane? _dataPlane;

    public IpMappingTableTests()
    {
        if (Privileges.WhyNotRoot() is not null)
            return;
        _fs = new TestBpfFs();
        _dataPlane = ShaperDataPlane.Load(_fs.PinDirectory);
    }

    private IpMappingTable Table => _dataPlane!.Mappings;

    public void Dispose()
    {
        _dataPlane?.Dispose();
        _fs?.Dispose();
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Set_MixedFamiliesAndPrefixes_ListReturnsEachMappingAsGiven()
    {
        IpMapping[] mappings =
        [
            new(IpPrefix.Parse("100.64.0.1"), 0, 0x10010, 11, 12),
            new(IpPrefix.Parse("100.64.1.0/24"), 1, 0x20011, 21, 22),
            new(IpPrefix.Parse("2001:db8::1"), 0, 0x10012, 31, 32),
            new(IpPrefix.Parse("2001:db8:1::/48"), 1, 0x20013, 41, 42),
        ];

        Assert.Equal(4, Table.Set(mappings));

        Assert.Equal(mappings.OrderBy(m => m.TcHandle), Table.List().OrderBy(m => m.TcHandle));
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Set_MoreThanOneBatch_WritesThemAll()
    {
        var mappings = Enumerable.Range(0, 40_000).Select(i => new IpMapping(IpPrefix.Parse($"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}"), 0, 0x10000 + (uint)i, (ulong)i + 1, (ulong)i + 2));

        int written = Table.Set(mappings);

        Assert.Equal(40_000, written);
        Assert.Equal(40_000, Table.List().Count);
        Assert.True(Table.UsesBatchSyscalls);
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Set_AnExistingPrefix_ReplacesItsMapping()
    {
        var prefix = IpPrefix.Parse("100.64.0.9");
        Table.Set(new IpMapping(prefix, 0, 0x10010, 1, 2));

        Table.Set(new IpMapping(prefix, 1, 0x20020, 3, 4));

        Assert.Equal(new IpMapping(prefix, 1, 0x20020, 3, 4), Assert.Single(Table.List()));
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Remove_TakesTheExactPrefixOnly()
    {
        Table.Set([new(IpPrefix.Parse("100.64.1.0/24"), 0, 1, 1, 1), new(IpPrefix.Parse("100.64.1.7"), 0, 2, 2, 2)]);

        Assert.True(Table.Remove(IpPrefix.Parse("100.64.1.7")));
        Assert.False(Table.Remove(IpPrefix.Parse("100.64.1.8")));

        Assert.Equal("100.64.1.0/24", Assert.Single(Table.List()).Prefix.ToString());
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void RemoveMany_CountsOnlyThoseThatWereMapped()
    {
        Table.Set([new(IpPrefix.Parse("100.64.0.1"), 0, 1, 1, 1), new(IpPrefix.Parse("fd00::1"), 0, 2, 2, 2)]);

        int removed = Table.Remove([IpPrefix.Parse("100.64.0.1"), IpPrefix.Parse("100.64.0.2"), IpPrefix.Parse("fd00::1")]);

        Assert.Equal(2, removed);
        Assert.Empty(Table.List());
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Clear_RemovesEverything()
    {
        Table.Set(Enumerable.Range(1, 300).Select(i => new IpMapping(IpPrefix.Parse($"10.0.{i >> 8}.{i & 255}"), 0, 1, 1, 1)));

        Assert.Equal(300, Table.Clear());

        Assert.Empty(Table.List());
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Set_WithACpuBeyondThePossibleOnes_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Table.Set(new IpMapping(IpPrefix.Parse("10.0.0.1"), 100_000, 1, 1, 1)));

        Assert.Contains("10.0.0.1", e.Message, StringComparison.Ordinal);
    }
}
