using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc.Tests;

/// <summary>
/// The fixture is <c>tc -s -j qdisc show</c> output built from iproute2's JSON field names (tc/q_cake.c,
/// tc/q_fq_codel.c); neither CAKE nor fq_codel loads on the build machines' kernel, so it cannot be captured live.
/// </summary>
public class TcQdiscListingTests
{
    private static IReadOnlyList<LiveQdisc> Fixture() =>
        TcQdiscListing.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "qdisc-cake-fq_codel.json")));

    [Fact]
    public void Parse_EveryQdisc_HasKindHandleParentAndCounters()
    {
        var qdiscs = Fixture();

        Assert.Equal(["mq", "htb", "cake", "fq_codel", "pfifo", "fq_codel"], qdiscs.Select(q => q.Kind));
        Assert.Equal((new TcHandle(0x7fff, 0), TcHandle.Root), (qdiscs[0].Handle, qdiscs[0].Parent));
        Assert.Equal((new TcHandle(1, 0), new TcHandle(0x7fff, 1)), (qdiscs[1].Handle, qdiscs[1].Parent));
        Assert.Equal(new QdiscCounters(49072087981, 35792920, 1162, 0, 0, 4542, 3), qdiscs[2].Counters);
        Assert.Equal(TcHandle.None, qdiscs[5].Parent);
    }

    [Fact]
    public void Parse_Cake_ReadsEveryTin()
    {
        var cake = Fixture()[2];

        Assert.Equal(new TcHandle(1, 5), cake.Parent);
        var stats = Assert.IsType<CakeStatistics>(cake.Cake);
        Assert.Equal((2002176L, 15503360L), (stats.MemoryUsed, stats.MemoryLimit));
        Assert.Equal(4, stats.Tins.Count);
        Assert.Equal(new CakeTin(0, 49_000_000_000, 35_700_000, 4542, 1150, 77, 5, 18250, 4120, 310, 4, 2, 1), stats.Tins[1]);
        Assert.Equal((80L, 5L), (cake.EcnMarks, cake.AckDrops));
        Assert.Equal(1162L, stats.Tins.Sum(t => t.Drops));
    }

    [Fact]
    public void Parse_FqCodel_ReadsItsExtendedStatistics()
    {
        var fq = Fixture()[3];

        Assert.Null(fq.Cake);
        Assert.Equal(new FqCodelStatistics(1514, 4, 88, 9, 0, 1, 2, 0, 0), fq.FqCodel);
        Assert.Equal(9L, fq.EcnMarks);
        Assert.Equal(17L, fq.Counters.Drops);
    }

    [Fact]
    public void Parse_KindWithoutExtendedStatistics_KeepsItsCounters()
    {
        var pfifo = Fixture()[4];

        Assert.Equal((null, null, 0L), (pfifo.Cake, pfifo.FqCodel, pfifo.EcnMarks));
        Assert.Equal((100L, 1L), (pfifo.Counters.Bytes, pfifo.Counters.Packets));
    }

    [Fact]
    public void Parse_EmptyOutput_IsNoQdiscs() => Assert.Empty(TcQdiscListing.Parse(""));
}
