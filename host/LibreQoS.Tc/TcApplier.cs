using System.Diagnostics;
using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc;

public enum ApplyKind
{
    /// <summary>Nothing differed.</summary>
    NoChange,
    /// <summary>Only the classes that changed were touched.</summary>
    Incremental,
    /// <summary>Every class re-issued in place (counters kept), stale ones deleted; the roots stayed.</summary>
    InPlace,
    /// <summary>The trees were deleted and built again.</summary>
    Rebuild,
}

public sealed record ApplyOutcome(ApplyKind Kind, int Commands, TimeSpan Elapsed);

/// <summary>
/// Makes the kernel's tc trees match a plan, changing as little as it can: when the live tree is the previous plan's
/// (same interfaces, queues and link rates), only differing classes are touched, and a full refresh re-issues
/// every class in place instead of tearing down; otherwise the trees are rebuilt. If a batch fails, the previous
/// plan is restored before the error is reported, so shaping carries on as it was.
/// </summary>
public sealed class TcApplier(ITcRunner runner, ITcInspector inspector)
{
    /// <summary>
    /// Leaf qdiscs get kernel-chosen handles, of which a device has 0x8000..0xFFFE; past that the kernel refuses.
    /// </summary>
    public const int MaxLeafQdiscsPerDevice = 32_000;

    /// <param name="current">The plan the kernel is shaping with now (persisted by the last apply), if known.</param>
    /// <param name="updateOnly">Touch only what differs; otherwise re-issue every class.</param>
    /// <exception cref="TcException">The plan could not be applied; the previous tree was restored.</exception>
    public ApplyOutcome Apply(ShapingPlan next, ShapingPlan? current, bool updateOnly)
    {
        var watch = Stopwatch.StartNew();
        CheckQdiscBudget(next);
        var nextTree = TcTree.Of(next);
        if (current is not null && inspector.HaveLibreQoSRoots([.. current.Interfaces.Distinct]))
        {
            var currentTree = TcTree.Of(current);
            var commands = TcPlanDiff.Commands(currentTree, nextTree, replaceAll: !updateOnly);
            if (commands is not null)
            {
                RunOrRestore(commands, () => TcPlanDiff.Commands(nextTree, currentTree, replaceAll: true)!);
                var kind = commands.Count == 0 ? ApplyKind.NoChange : updateOnly ? ApplyKind.Incremental : ApplyKind.InPlace;
                return new ApplyOutcome(kind, commands.Count, watch.Elapsed);
            }
        }

        var teardown = nextTree.TeardownCommands().Concat(current is null ? [] : TcTree.Of(current).TeardownCommands()).Distinct().ToList();
        runner.Run(teardown, force: true);
        var build = nextTree.BuildCommands().ToList();
        RunOrRestore(build, () => [.. nextTree.TeardownCommands(), .. current is null ? [] : TcTree.Of(current).BuildCommands()]);
        return new ApplyOutcome(ApplyKind.Rebuild, teardown.Count + build.Count, watch.Elapsed);
    }

    /// <summary>Removes the trees of a plan (upstream's <c>--clearrules</c>); missing trees are fine.</summary>
    public void Clear(IEnumerable<string> devices) =>
        runner.Run(devices.Distinct().Select(d => (TcCommand)new QdiscDelete(d, TcHandle.Root)).ToList(), force: true);

    private void RunOrRestore(IReadOnlyList<TcCommand> commands, Func<IReadOnlyList<TcCommand>> restore)
    {
        try
        {
            runner.Run(commands);
        }
        catch (TcException)
        {
            runner.Run(restore(), force: true);
            throw;
        }
    }

    private static void CheckQdiscBudget(ShapingPlan plan)
    {
        int download = plan.Circuits.Count(c => c.DownloadLeaf is not null), upload = plan.Circuits.Count(c => c.UploadLeaf is not null);
        var perDevice = plan.Interfaces.OnAStick
            ? [(plan.Interfaces.Download, download + upload)]
            : new[] { (plan.Interfaces.Download, download), (plan.Interfaces.Upload, upload) };
        foreach (var (device, leaves) in perDevice)
        {
            if (leaves > MaxLeafQdiscsPerDevice)
            {
                throw new TcException($"{device} would need {leaves:N0} leaf qdiscs, more than the {MaxLeafQdiscsPerDevice:N0} a Linux interface can number; " +
                    "set sqm = none for some circuits (lqos_overrides.json or the sqm column) or split the subscribers over more shapers");
            }
        }
    }
}
