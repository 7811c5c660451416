using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Config.Validation;
using LibreQoS.Tc;
using LibreQoS.TestKit;

namespace LibreQoS.Planner.Tests;

/// <summary>
/// Small networks in tests/golden/planner/&lt;case&gt;/ planned and rendered: expected.plan (nodes, circuits,
/// mappings) and expected.tc (the full tc batch). Set LQOS_UPDATE_GOLDEN=1 to rewrite them; the diff is the review.
/// </summary>
public class GoldenPlanTests
{
    public static TheoryData<string> Cases => new(Directory.GetDirectories(Path.Combine(RepoPaths.Root, "tests", "golden", "planner"))
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_GoldenCase_MatchesExpectedPlanAndBatch(string name)
    {
        string dir = Path.Combine(RepoPaths.Root, "tests", "golden", "planner", name);
        var diagnostics = new DiagnosticBag();
        var config = LqosConfigReader.Read(Path.Combine(dir, "lqos.conf"), diagnostics);
        var inputs = ShapingInputs.Load(dir, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.All));

        var result = ShapingPlanner.Plan(new PlannerInput(config!, inputs!.Network, inputs.Circuits, inputs.Overrides,
            (int)config!.Queues.OverrideAvailableQueues!.Value));

        Golden.AssertMatches(Path.Combine(dir, "expected.plan"), PlanText.Render(result.Plan));
        Golden.AssertMatches(Path.Combine(dir, "expected.tc"), TcBatchWriter.Render(TcTree.Of(result.Plan).BuildCommands()));
    }
}
