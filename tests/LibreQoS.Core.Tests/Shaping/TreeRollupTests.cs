using LibreQoS.Core.Shaping;

namespace LibreQoS.Core.Tests.Shaping;

public class TreeRollupTests
{
    private static readonly RateLimit Rate = new(1, 10);

    private static PlannedNode Node(string path, int queue, ushort minor, ushort parent) => new(path.Split('/')[^1], path, queue, minor, parent, 0, Rate, Rate, false);

    private static PlannedCircuit Circuit(string id, string parentPath) => new(id, id, parentPath, 1, 100, 0, Rate, Rate, null, null, []);

    private static readonly ShapingPlan Plan = new(new PlanInterfaces("a", "b", false, 0), 2, 1000, 1000, null, false,
        [Node("Region", 1, 3, 0), Node("Region/Tower", 1, 4, 3), Node("Region/Tower/AP", 1, 5, 4), Node("North/East", 2, 3, 0)],
        [Circuit("C1", "Region/Tower/AP"), Circuit("C2", "Region/Tower"), Circuit("C3", "North/East"), Circuit("C4", "")]);

    [Fact]
    public void Sum_EachNode_GetsEveryCircuitBelowIt()
    {
        var rollup = new TreeRollup(Plan);

        var sums = rollup.Sum(new Dictionary<string, long> { ["C1"] = 1, ["C2"] = 10, ["C3"] = 100, ["C4"] = 1000 }, (a, b) => a + b);

        Assert.Equal(11L, sums["Region"]);
        Assert.Equal(11L, sums["Region/Tower"]);
        Assert.Equal(1L, sums["Region/Tower/AP"]);
        Assert.Equal(100L, sums["North/East"]);
        Assert.Equal(4, sums.Count);
    }

    [Fact]
    public void AncestorsOf_FollowsClassParents_NotSlashesInNames()
    {
        var rollup = new TreeRollup(Plan);

        Assert.Equal(["North/East"], rollup.AncestorsOf("C3")); // a top-level site whose name holds a '/'
        Assert.Equal(["Region/Tower/AP", "Region/Tower", "Region"], rollup.AncestorsOf("C1"));
        Assert.Empty(rollup.AncestorsOf("C4"));
        Assert.Empty(rollup.AncestorsOf("unknown"));
    }
}
