using LibreQoS.Flows.Rollup;
using LibreQoS.Flows.Tracking;

namespace LibreQoS.Flows.Tests.Rollup;

public class SiteRollupTests
{
    [Fact]
    public void Sum_ReachesEveryAncestor()
    {
        var sums = SiteRollup.Sum([("Site", 1L), ("Site/AP1", 10L), ("Site/AP2", 100L), ("Other/AP", 1000L), ("", 5L)]);

        Assert.Equal(111, sums["Site"]);
        Assert.Equal(10, sums["Site/AP1"]);
        Assert.Equal(100, sums["Site/AP2"]);
        Assert.Equal(1000, sums["Other"]);
        Assert.False(sums.ContainsKey(""));
    }

    [Fact]
    public void SiteInsights_PoolCircuitMediansAndSumTheRest()
    {
        static CircuitFlowStats Stats(string id, double rttMs, long retx) => new(id, new RttSummary(rttMs, rttMs * 2, 5), null,
            new DownUpCount(retx, 0), new DownUpCount(retx, 0), default, 1, new DownUpCount(2_000_000, 0));

        var sites = SiteInsightRollup.Roll(
        [
            new CircuitInsightInput("Site/AP", new DownUpCount(100, 10), Stats("A", 10, 1)),
            new CircuitInsightInput("Site/AP", new DownUpCount(200, 20), Stats("B", 30, 2)),
            new CircuitInsightInput("Site", new DownUpCount(300, 30), Stats("C", 90, 3)),
            new CircuitInsightInput("Site", new DownUpCount(1, 1), null),
        ]);

        Assert.Equal((new DownUpCount(601, 61), new DownUpCount(6, 0), 4), (sites["Site"].BitsPerSecond, sites["Site"].Retransmits, sites["Site"].Circuits));
        Assert.Equal(new RttSummary(30, 90, 3), sites["Site"].RttDownload);
        Assert.Equal(new RttSummary(10, 30, 2), sites["Site/AP"].RttDownload);
        Assert.Null(sites["Site"].RttUpload);
    }
}
