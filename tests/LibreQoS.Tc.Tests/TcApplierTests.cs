using LibreQoS.TestKit;
using static LibreQoS.Tc.Tests.PlanBuilder;

namespace LibreQoS.Tc.Tests;

public class TcApplierTests
{
    private static readonly Core.Shaping.PlannedNode[] Sites = [Site("A", 1, 3), Site("B", 2, 3)];

    [Fact]
    public void Apply_NoCurrentPlan_TearsDownAndBuilds()
    {
        var runner = new RecordingTcRunner();

        var outcome = new TcApplier(runner, new FakeTcInspector(false)).Apply(Plan(Sites, [Circuit("c1", 1, 4, 3)]), null, updateOnly: false);

        Assert.Equal(ApplyKind.Rebuild, outcome.Kind);
        Assert.Equal(["qdisc del dev isp0 root", "qdisc del dev inet0 root"], runner.Calls[0].Lines);
        Assert.True(runner.Calls[0].Force);
        Assert.StartsWith("qdisc replace dev isp0 root handle 7fff: mq", runner.Calls[1].Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_UpdateOnlyWithLiveTree_RunsOnlyTheDiff()
    {
        var runner = new RecordingTcRunner();
        var current = Plan(Sites, [Circuit("c1", 1, 4, 3)]);

        var outcome = new TcApplier(runner, new FakeTcInspector(true)).Apply(Plan(Sites, [Circuit("c1", 1, 4, 3, ceil: 50)]), current, updateOnly: true);

        Assert.Equal((ApplyKind.Incremental, 2), (outcome.Kind, outcome.Commands));
        Assert.Single(runner.Calls);
    }

    [Fact]
    public void Apply_CurrentPlanButTreeGone_Rebuilds()
    {
        var runner = new RecordingTcRunner();
        var current = Plan(Sites, [Circuit("c1", 1, 4, 3)]);

        var outcome = new TcApplier(runner, new FakeTcInspector(false)).Apply(current, current, updateOnly: true);

        Assert.Equal(ApplyKind.Rebuild, outcome.Kind);
    }

    [Fact]
    public void Apply_DiffFails_RestoresThePreviousPlanAndRethrows()
    {
        var runner = new RecordingTcRunner(failOnCall: 1);
        var current = Plan(Sites, [Circuit("c1", 1, 4, 3)]);
        var next = Plan(Sites, [Circuit("c1", 1, 4, 3), Circuit("c2", 2, 4, 3)]);

        Assert.Throws<TcException>(() => new TcApplier(runner, new FakeTcInspector(true)).Apply(next, current, updateOnly: true));

        var restore = runner.Calls[1];
        Assert.True(restore.Force);
        Assert.Contains("class del dev isp0 classid 2:4", restore.Lines);
        Assert.Contains(restore.Lines, l => l.StartsWith("class replace dev isp0 parent 1:3 classid 1:4", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_BuildFails_RebuildsThePreviousTree()
    {
        var runner = new RecordingTcRunner(failOnCall: 2);
        var current = Plan(Sites, [Circuit("c1", 1, 4, 3)], queues: 2);
        var next = Plan(Sites, [Circuit("c1", 1, 4, 3)], queues: 4);

        Assert.Throws<TcException>(() => new TcApplier(runner, new FakeTcInspector(true)).Apply(next, current, updateOnly: false));

        var restore = runner.Calls[2].Lines;
        Assert.Equal("qdisc del dev isp0 root", restore[0]);
        Assert.Contains("qdisc replace dev isp0 parent 7fff:2 handle 2: htb default 2", restore);
        Assert.DoesNotContain("qdisc replace dev isp0 parent 7fff:3 handle 3: htb default 2", restore);
    }

    [Fact]
    public void Apply_TooManyLeavesForOneDevice_IsRefusedBeforeRunningAnything()
    {
        var runner = new RecordingTcRunner();
        var circuits = Enumerable.Range(0, TcApplier.MaxLeafQdiscsPerDevice + 1).Select(i => Circuit($"c{i}", 1, (ushort)(4 + i % 60000), 3)).ToList();

        var ex = Assert.Throws<TcException>(() => new TcApplier(runner, new FakeTcInspector(false)).Apply(Plan(Sites, circuits), null, false));

        Assert.Contains("leaf qdiscs", ex.Message, StringComparison.Ordinal);
        Assert.Empty(runner.Calls);
    }
}
