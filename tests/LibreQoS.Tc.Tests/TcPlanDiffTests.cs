using LibreQoS.Core.Shaping;
using static LibreQoS.Tc.Tests.PlanBuilder;

namespace LibreQoS.Tc.Tests;

public class TcPlanDiffTests
{
    private static readonly PlannedNode[] Sites = [Site("A", 1, 3), Site("B", 2, 3)];

    private static List<string> Diff(ShapingPlan before, ShapingPlan after, bool replaceAll = false) =>
        TcPlanDiff.Commands(TcTree.Of(before), TcTree.Of(after), replaceAll)!.Select(TcBatchWriter.Render).ToList();

    [Fact]
    public void Commands_SamePlan_IsEmpty()
    {
        var plan = Plan(Sites, [Circuit("c1", 1, 4, 3)]);

        Assert.Empty(Diff(plan, plan));
    }

    [Fact]
    public void Commands_OneCircuitRateChanged_ChangesOnlyItsClassesAndLeaves()
    {
        var before = Plan(Sites, [Circuit("c1", 1, 4, 3), Circuit("c2", 1, 5, 3)]);
        var after = Plan(Sites, [Circuit("c1", 1, 4, 3), Circuit("c2", 1, 5, 3, ceil: 200)]);

        Assert.Equal(
        [
            "class replace dev isp0 parent 1:3 classid 1:5 htb rate 50mbit ceil 200mbit prio 3 quantum 11996",
            "class replace dev inet0 parent 1:3 classid 1:5 htb rate 25mbit ceil 100mbit prio 3 quantum 5998",
        ], Diff(before, after));
    }

    [Fact]
    public void Commands_CircuitRemoved_DeletesItsClassOnBothInterfaces()
    {
        var before = Plan(Sites, [Circuit("c1", 1, 4, 3), Circuit("c2", 2, 4, 3)]);
        var after = Plan(Sites, [Circuit("c1", 1, 4, 3)]);

        Assert.Equal(["class del dev isp0 classid 2:4", "class del dev inet0 classid 2:4"], Diff(before, after));
    }

    [Fact]
    public void Commands_CircuitAdded_AddsClassAndLeaf()
    {
        var before = Plan(Sites, []);
        var after = Plan(Sites, [Circuit("c1", 2, 4, 3)]);

        Assert.Equal(
        [
            "class replace dev isp0 parent 2:3 classid 2:4 htb rate 25mbit ceil 100mbit prio 3 quantum 5998",
            "qdisc replace dev isp0 parent 2:4 cake diffserv4",
            "class replace dev inet0 parent 2:3 classid 2:4 htb rate 12500kbit ceil 50mbit prio 3 quantum 2999",
            "qdisc replace dev inet0 parent 2:4 cake diffserv4",
        ], Diff(before, after));
    }

    [Fact]
    public void Commands_LeafChangedOnly_ReplacesTheLeafAlone()
    {
        var before = Plan(Sites, [Circuit("c1", 1, 4, 3)]);
        var after = Plan(Sites, [Circuit("c1", 1, 4, 3, leaf: new LeafQdisc(["fq_codel"]))]);

        Assert.Equal(["qdisc replace dev isp0 parent 1:4 fq_codel", "qdisc replace dev inet0 parent 1:4 fq_codel"], Diff(before, after));
    }

    [Fact]
    public void Commands_SeveralCircuitsChangedInPlace_DownloadsFirstThenUploadsInPlanOrder()
    {
        var before = Plan(Sites, [Circuit("c1", 1, 4, 3), Circuit("c2", 2, 4, 3), Circuit("c3", 2, 5, 3)]);
        var after = Plan(Sites, [Circuit("c1", 1, 4, 3, ceil: 300), Circuit("c2", 2, 4, 3), Circuit("c3", 2, 5, 3, leaf: new LeafQdisc(["fq_codel"]))]);

        Assert.Equal(
        [
            "class replace dev isp0 parent 1:3 classid 1:4 htb rate 75mbit ceil 300mbit prio 3 quantum 17994",
            "qdisc replace dev isp0 parent 2:5 fq_codel",
            "class replace dev inet0 parent 1:3 classid 1:4 htb rate 37500kbit ceil 150mbit prio 3 quantum 8997",
            "qdisc replace dev inet0 parent 2:5 fq_codel",
        ], Diff(before, after));
    }

    [Fact]
    public void Commands_SiteReparented_DeletesChildrenFirstThenRebuildsParentsFirst()
    {
        var before = Plan([Site("A", 1, 3), Site("B", 1, 4), Site("C", 1, 5, parentMinor: 3)], [Circuit("c1", 1, 6, 5)]);
        var after = Plan([Site("A", 1, 3), Site("B", 1, 4), Site("C", 1, 5, parentMinor: 4)], [Circuit("c1", 1, 6, 5)]);

        var isp = Diff(before, after).Where(c => c.Contains("dev isp0", StringComparison.Ordinal)).ToList();

        Assert.Equal(
        [
            "class del dev isp0 classid 1:6",
            "class del dev isp0 classid 1:5",
            "class replace dev isp0 parent 1:4 classid 1:5 htb rate 499mbit ceil 500mbit prio 3 quantum 29990",
            "class replace dev isp0 parent 1:5 classid 1:6 htb rate 25mbit ceil 100mbit prio 3 quantum 5998",
            "qdisc replace dev isp0 parent 1:6 cake diffserv4",
        ], isp);
    }

    [Fact]
    public void Commands_ReplaceAll_ReissuesEveryClassWithoutDeleting()
    {
        var plan = Plan(Sites, [Circuit("c1", 1, 4, 3)]);

        var commands = Diff(plan, plan, replaceAll: true);

        Assert.Equal(8, commands.Count);
        Assert.DoesNotContain(commands, c => c.Contains(" del ", StringComparison.Ordinal));
    }

    [Fact]
    public void Commands_QueueCountChanged_NeedsARebuild()
    {
        Assert.Null(TcPlanDiff.Commands(TcTree.Of(Plan(Sites, [], queues: 2)), TcTree.Of(Plan(Sites, [], queues: 4))));
    }
}
