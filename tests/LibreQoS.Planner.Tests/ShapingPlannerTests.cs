using LibreQoS.Core.Network;
using LibreQoS.Core.Overrides;
using static LibreQoS.Planner.Tests.PlannerFixture;

namespace LibreQoS.Planner.Tests;

public class ShapingPlannerTests
{
    private static NetworkTree Sites(params string[] names) => new(names.Select(n => Node(n)).ToList());

    [Fact]
    public void Plan_NewSiteAdded_ExistingSitesKeepTheirQueues()
    {
        var first = Plan(Sites("B", "D"), [Circuit("c1", "B"), Circuit("c2", "D")]);

        var second = Plan(Sites("A", "B", "C", "D"), [Circuit("c1", "B"), Circuit("c2", "D")], previous: first.State);

        Assert.Equal(first.Plan.Nodes.Single(n => n.Name == "B").Queue, second.Plan.Nodes.Single(n => n.Name == "B").Queue);
        Assert.Equal(first.Plan.Nodes.Single(n => n.Name == "D").Queue, second.Plan.Nodes.Single(n => n.Name == "D").Queue);
        Assert.Equal([2, 2], second.Plan.Nodes.GroupBy(n => n.Queue).Select(g => g.Count()));
    }

    [Fact]
    public void Plan_CircuitAddedToSite_OtherCircuitsKeepTheirMinors()
    {
        var circuits = Enumerable.Range(1, 20).Select(i => Circuit($"c{i:00}", "A")).ToList();
        var first = Plan(Sites("A"), circuits);

        var second = Plan(Sites("A"), [Circuit("c00", "A"), .. circuits], previous: first.State);

        foreach (var before in first.Plan.Circuits)
            Assert.Equal(before.Minor, second.Plan.Circuits.Single(c => c.CircuitId == before.CircuitId).Minor);
        Assert.DoesNotContain(second.Plan.Circuits.Single(c => c.CircuitId == "c00").Minor, first.Plan.Circuits.Select(c => c.Minor));
    }

    [Fact]
    public void Plan_CircuitMovedToAnotherSite_GetsAFreshMinorThere()
    {
        var first = Plan(Sites("A", "B"), [Circuit("c1", "A"), Circuit("c2", "B")], queues: 1);

        var second = Plan(Sites("A", "B"), [Circuit("c1", "B"), Circuit("c2", "B")], queues: 1, previous: first.State);

        var moved = second.Plan.Circuits.Single(c => c.CircuitId == "c1");
        Assert.Equal("B", moved.ParentPath);
        Assert.Equal(second.Plan.Nodes.Single(n => n.Name == "B").Minor, moved.ParentMinor);
        Assert.Equal(first.Plan.Circuits.Single(c => c.CircuitId == "c2").Minor, second.Plan.Circuits.Single(c => c.CircuitId == "c2").Minor);
    }

    [Fact]
    public void Plan_QueueCountChanged_StartsFresh()
    {
        var first = Plan(Sites("A", "B", "C"), [], queues: 3);

        var second = Plan(Sites("A", "B", "C"), [], queues: 2, previous: first.State);

        Assert.Equal([1, 2, 1], second.Plan.Nodes.Select(n => n.Queue));
    }

    [Fact]
    public void Plan_TooManyCircuitsForOneQueue_IsRefusedNamingTheQueue()
    {
        var circuits = Enumerable.Range(0, 70_000).Select(i => Circuit($"c{i}", "Big")).ToList();

        var ex = Assert.Throws<PlanningException>(() => Plan(Sites("Big"), circuits, queues: 1));

        Assert.Contains("CPU queue 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("70000 circuits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MoreAddressesThanTheXdpMapHolds_IsRefused()
    {
        var circuits = Enumerable.Range(1, 5).Select(i => Circuit($"c{i}", "A", ip: $"100.64.0.{i}")).ToList();

        var ex = Assert.Throws<PlanningException>(() => Plan(Sites("A"), circuits, maxMappings: 4));

        Assert.Contains("5 IP mappings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_TreeDeeperThanSixLevels_IsFlattenedIntoTheFifth()
    {
        NetworkNode Chain(int level) => level == 9 ? Node($"L{level}") : Node($"L{level}", 1000, 1000, Chain(level + 1));

        var result = Plan(new NetworkTree([Chain(1)]), [Circuit("deep", "L9")]);

        Assert.Equal(6, result.Plan.Nodes.Max(n => n.Depth));
        var l5 = result.Plan.Nodes.Single(n => n.Name == "L5");
        Assert.All(result.Plan.Nodes.Where(n => n.Depth == 6), n => Assert.Equal(l5.Minor, n.ParentMinor));
        Assert.Equal(["L6", "L7", "L8", "L9"], result.Plan.Nodes.Where(n => n.Depth == 6).Select(n => n.Name));
        Assert.Equal("L1/L2/L3/L4/L5/L9", result.Plan.Circuits.Single().ParentPath);
    }

    [Fact]
    public void Plan_ChildFasterThanParent_IsCappedAtTheParent()
    {
        var result = Plan(new NetworkTree([Node("A", 300, 100, Node("B", 900, 900))]), []);

        var b = result.Plan.Nodes.Single(n => n.Name == "B");
        Assert.Equal((300.0, 100.0), (b.Download.CeilMbps, b.Upload.CeilMbps));
    }

    [Fact]
    public void Plan_MissingKernelQdiscWithFallback_UsesFallbackAndWarnsOnce()
    {
        var config = PlannerFixture.Config(q => q with { FallbackSqm = "pfifo" });

        var result = Plan(Sites("A"), [Circuit("c1", "A"), Circuit("c2", "A")], config: config, kernelHas: kind => kind == "pfifo");

        Assert.All(result.Plan.Circuits, c => Assert.Equal("pfifo", c.DownloadLeaf!.Kind));
        Assert.Equal("pfifo", result.Plan.InfrastructureLeaf!.Kind);
        Assert.Single(result.Warnings, w => w.Contains("no 'cake' qdisc", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_MissingKernelQdiscWithoutFallback_IsRefusedSayingWhatToSet()
    {
        var ex = Assert.Throws<PlanningException>(() => Plan(Sites("A"), [Circuit("c1", "A")], kernelHas: _ => false));

        Assert.Contains("no 'cake' qdisc", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fallback_sqm", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 100, "cake diffserv4")]
    [InlineData("", 1000, "fq_codel")]
    [InlineData("", 2, "cake diffserv4 rtt 180ms")]
    [InlineData("", 4, "cake diffserv4 rtt 120ms")]
    [InlineData("", 4.5, "cake diffserv4")]
    [InlineData("fq_codel", 100, "fq_codel")]
    [InlineData("CAKE", 3, "cake diffserv4 rtt 140ms")]
    [InlineData("none", 100, null)]
    [InlineData("none/cake", 100, null)]
    [InlineData("fq_codel/none", 100, "fq_codel")]
    public void Plan_CircuitSqm_ChoosesUpstreamsLeaf(string sqm, double downMax, string? expected)
    {
        var result = Plan(Sites("A"), [Circuit("c1", "A", downMax: downMax, sqm: sqm)]);

        Assert.Equal(expected, result.Plan.Circuits.Single().DownloadLeaf?.ToString());
    }

    [Fact]
    public void Plan_Overrides_AreApplied()
    {
        var overrides = new LqosOverrides(
            [Device("extra", "A", ip: "100.64.9.9")],
            [new CircuitAdjustSpeed("c1", new SpeedAdjustment(null, 333, null, null)), new RemoveCircuit("c2"), new ReparentCircuit("c3", "B")],
            [new AdjustSiteSpeed(null, "A", 444, null)],
            [],
            UispOverrides.Empty);

        var result = Plan(Sites("A", "B"), [Circuit("c1", "A"), Circuit("c2", "A"), Circuit("c3", "A")], overrides: overrides);

        Assert.Equal(["c1", "extra", "c3"], result.Plan.Circuits.Select(c => c.CircuitId));
        Assert.Equal(333, result.Plan.Circuits.Single(c => c.CircuitId == "c1").Download.CeilMbps);
        Assert.Equal("B", result.Plan.Circuits.Single(c => c.CircuitId == "c3").ParentPath);
        Assert.Equal(444, result.Plan.Nodes.Single(n => n.Name == "A").Download.CeilMbps);
    }

    [Fact]
    public void Plan_ObserveMode_HasNoMappings()
    {
        var result = Plan(Sites("A"), [Circuit("c1", "A", ip: "100.64.0.1")], config: PlannerFixture.Config(q => q with { QueueMode = "observe" }));

        Assert.True(result.Plan.ObserveOnly);
        Assert.Empty(result.Plan.IpMappings());
    }

    [Fact]
    public void PlannerState_JsonRoundTrip_KeepsEverything()
    {
        var state = Plan(Sites("A", "B"), [Circuit("c1", "A")]).State;

        var copy = PlannerState.FromJson(state.ToJson());

        Assert.Equal(state.QueueCount, copy.QueueCount);
        Assert.Equal(state.TopLevelQueues, copy.TopLevelQueues);
        Assert.Equal(state.Sites, copy.Sites);
        Assert.Equal(state.Circuits, copy.Circuits);
    }

    [Fact]
    public void PlannerState_Garbage_MeansStartFresh() =>
        Assert.Same(PlannerState.Empty, PlannerState.FromJson("{not json"));
}
