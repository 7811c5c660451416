namespace LibreQoS.Shaping;

/// <summary>The switches of <c>lqos refresh</c> / upstream's <c>LibreQoS.py</c>.</summary>
/// <param name="UpdateOnly">Change only the classes that differ from the applied plan (<c>--updateonly</c>).</param>
/// <param name="ValidateOnly">Check the inputs and stop (<c>--validate</c>).</param>
/// <param name="ClearRules">Remove the tc trees and stop (<c>--clearrules</c>).</param>
/// <param name="PlannerReset">Forget remembered queue placements and class ids first (<c>--planner-reset</c>).</param>
/// <param name="DryRun">Plan and write the output files, but change nothing in the kernel (<c>--dry-run</c>, or <c>queues.dry_run</c>).</param>
public sealed record RefreshOptions(
    bool UpdateOnly = false,
    bool ValidateOnly = false,
    bool ClearRules = false,
    bool PlannerReset = false,
    bool DryRun = false);

/// <summary>How a refresh ended. Exit codes follow upstream: 0 done, 1 refused or failed (nothing changed).</summary>
/// <param name="AppliedPlan">The plan the kernel now shapes with, when this refresh applied one.</param>
public sealed record RefreshResult(bool Succeeded, string Summary, Core.Shaping.ShapingPlan? AppliedPlan = null)
{
    public int ExitCode => Succeeded ? 0 : 1;
}
