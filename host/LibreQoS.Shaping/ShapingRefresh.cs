using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Config.LqosConf;
using LibreQoS.Config.NetworkJson;
using LibreQoS.Config.ShapedDevices;
using LibreQoS.Config.Validation;
using LibreQoS.Core.Shaping;
using LibreQoS.Planner;
using LibreQoS.Tc;

namespace LibreQoS.Shaping;

/// <summary>
/// The refresh job (upstream's LibreQoS.py): validate the inputs, plan, apply to the kernel, record the result.
/// Bad inputs never reach the kernel: the current shaping stays, except on the first run after boot, when the
/// last inputs that validated are shaped instead (upstream's lastGoodConfig rule).
/// </summary>
public sealed class ShapingRefresh(ITcRunner runner, ITcInspector inspector, IQueueCounter queues, IBootClock bootClock)
{
    /// <summary>
    /// The applied plan as last saved by this instance: in lqosd, refreshes follow each other in one process, and
    /// re-reading a 100k-circuit plan from disk each time would dominate an incremental change. The file's write time
    /// guards against someone else (a Bakery batch) having replaced it.
    /// </summary>
    private (string Path, DateTime WrittenUtc, Core.Shaping.ShapingPlan Plan)? _applied;

    public RefreshResult Run(LqosConfig config, RefreshOptions options, RefreshLog log)
    {
        var paths = new ShapingPaths(config);
        bool dryRun = options.DryRun || config.Queues.DryRun;
        try
        {
            if (options.ClearRules)
                return ClearRules(config, paths, dryRun, log);

            paths.CreateDirectories();
            var inputs = log.Phase("load and validate inputs", () => LoadInputs(paths, options, log));
            if (inputs is null)
                return Failed(log, "Validation failed; the current shaping stays as it is.");
            log.Info($"inputs: {inputs.Circuits.Count} circuits, {inputs.DeviceCount} devices, {inputs.NodeCount} nodes");
            if (options.ValidateOnly)
                return new RefreshResult(true, "Validation passed.");

            if (options.PlannerReset)
            {
                File.Delete(paths.PlannerState);
                log.Info("planner state reset: queue placements and class ids start fresh");
            }

            var result = log.Phase("plan", () => ShapingPlanner.Plan(new PlannerInput(config, inputs.Network, inputs.Circuits, inputs.Overrides,
                AvailableQueues(config, dryRun, log))
            {
                Previous = File.Exists(paths.PlannerState) ? PlannerState.FromJson(File.ReadAllText(paths.PlannerState)) : PlannerState.Empty,
                KernelHasQdisc = dryRun ? null : kind => inspector.HasQdisc(kind) ?? true,
            }));
            foreach (var warning in result.Warnings)
                log.Warning(warning);
            var plan = result.Plan;
            log.Info($"plan: {plan.QueueCount} queues, {plan.Nodes.Count} nodes, {plan.Circuits.Count} circuits, {plan.IpMappings().Count()} IP mappings");

            string summary;
            Core.Shaping.ShapingPlan? applied = null;
            if (dryRun)
            {
                summary = "Dry run: nothing was changed in the kernel; see linux_tc.txt for the commands.";
            }
            else
            {
                var current = log.Phase("read applied plan", () => AppliedPlan(paths.AppliedPlan));
                var outcome = log.Phase("apply tc", () => new TcApplier(runner, inspector).Apply(plan, current, options.UpdateOnly));
                log.Phase("save applied plan", () =>
                {
                    Save(paths.AppliedPlan, PlanJson.Serialize(plan));
                    _applied = (paths.AppliedPlan, File.GetLastWriteTimeUtc(paths.AppliedPlan), plan);
                    return 0;
                });
                applied = plan;
                summary = outcome.Kind switch
                {
                    ApplyKind.NoChange => "Observed no changes; nothing to apply.",
                    ApplyKind.Incremental => $"Updated {outcome.Commands} tc objects in {outcome.Elapsed.TotalMilliseconds:F0} ms.",
                    ApplyKind.InPlace => $"Refreshed every class in place ({outcome.Commands} commands, {outcome.Elapsed.TotalMilliseconds:F0} ms).",
                    _ => $"Rebuilt the tc trees ({outcome.Commands} commands, {outcome.Elapsed.TotalMilliseconds:F0} ms).",
                };
            }

            log.Phase("write output files", () =>
            {
                Save(paths.PlannerState, result.State.ToJson());
                RefreshOutputs.Write(paths, plan);
                CopyIfExists(Path.Combine(paths.LqosDirectory, ShapedDevicesReader.FileName), paths.LastLoadedCsv, durable: false);
                return 0;
            });
            log.Info(summary);
            return new RefreshResult(true, summary, applied);
        }
        catch (PlanningException ex)
        {
            return Failed(log, $"Refused before touching the kernel: {ex.Message}");
        }
        catch (TcException ex)
        {
            return Failed(log, $"{ex.Message}. The previous tc tree was restored and keeps shaping.");
        }
    }

    private Core.Shaping.ShapingPlan? AppliedPlan(string path) =>
        _applied is { } cached && cached.Path == path && File.Exists(path) && File.GetLastWriteTimeUtc(path) == cached.WrittenUtc
            ? cached.Plan
            : PlanJson.Load(path);

    private RefreshResult ClearRules(LqosConfig config, ShapingPaths paths, bool dryRun, RefreshLog log)
    {
        if (dryRun)
            return new RefreshResult(true, "Dry run: the tc trees were left in place.");
        new TcApplier(runner, inspector).Clear([config.InterfaceA, config.InterfaceB]);
        File.Delete(paths.AppliedPlan);
        log.Info($"removed the tc trees from {string.Join(" and ", new[] { config.InterfaceA, config.InterfaceB }.Distinct())}");
        return new RefreshResult(true, "Cleared the shaping rules.");
    }

    /// <summary>
    /// Validated inputs, or on the first run since boot the last inputs that validated. Successful validation
    /// records the files as the new last good ones.
    /// </summary>
    private ShapingInputs? LoadInputs(ShapingPaths paths, RefreshOptions options, RefreshLog log)
    {
        var diagnostics = new DiagnosticBag();
        var inputs = ShapingInputs.Load(paths.LqosDirectory, diagnostics);
        foreach (var warning in diagnostics.Warnings)
            log.Warning(warning.ToString());
        if (inputs is not null && !diagnostics.HasErrors)
        {
            if (!options.ValidateOnly)
            {
                CopyIfExists(Path.Combine(paths.LqosDirectory, ShapedDevicesReader.FileName), paths.LastGoodCsv);
                CopyIfExists(Path.Combine(paths.LqosDirectory, NetworkJsonReader.FileName), paths.LastGoodJson);
            }
            return inputs;
        }

        foreach (var error in diagnostics.Errors)
            log.Error(error.ToString());
        if (options.ValidateOnly || !IsFirstRunSinceBoot(paths) || !File.Exists(paths.LastGoodCsv))
            return null;

        log.Warning("validation failed on the first run since boot: shaping with the last inputs that validated (lastGoodConfig)");
        var staged = Directory.CreateTempSubdirectory("lqos-lastgood-");
        try
        {
            File.Copy(paths.LastGoodCsv, Path.Combine(staged.FullName, ShapedDevicesReader.FileName));
            if (File.Exists(paths.LastGoodJson))
                File.Copy(paths.LastGoodJson, Path.Combine(staged.FullName, NetworkJsonReader.FileName));
            var lastGood = new DiagnosticBag();
            var fallback = ShapingInputs.Load(staged.FullName, lastGood);
            return lastGood.HasErrors ? null : fallback;
        }
        finally
        {
            staged.Delete(recursive: true);
        }
    }

    private bool IsFirstRunSinceBoot(ShapingPaths paths) =>
        !File.Exists(paths.LastRun) || File.GetLastWriteTimeUtc(paths.LastRun) < bootClock.BootTimeUtc;

    private int AvailableQueues(LqosConfig config, bool dryRun, RefreshLog log)
    {
        var budget = QueueBudget.Of(config, queues);
        if (budget.MissingInterface is { } missing)
        {
            if (dryRun)
                return budget.Override ?? queues.CpuCount;
            throw new PlanningException($"interface {missing} does not exist; check bridge.to_internet / bridge.to_network (or single_interface.interface) in lqos.conf");
        }
        log.Debug($"queues: {budget.Explanation}");
        return budget.Available;
    }

    private static void CopyIfExists(string from, string to, bool durable = true)
    {
        if (File.Exists(from))
            OperatorFile.WriteAtomically(to, File.ReadAllText(from), durable);
    }

    private static int Save(string path, string contents)
    {
        OperatorFile.WriteAtomically(path, contents, durable: false);
        return 0;
    }

    private static RefreshResult Failed(RefreshLog log, string summary)
    {
        log.Error(summary);
        return new RefreshResult(false, summary);
    }
}

/// <summary>When the machine booted, to tell the first refresh since boot.</summary>
public interface IBootClock
{
    DateTime BootTimeUtc { get; }
}

/// <summary>Reads <c>btime</c> from /proc/stat.</summary>
public sealed class ProcBootClock : IBootClock
{
    public DateTime BootTimeUtc
    {
        get
        {
            var line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("btime ", StringComparison.Ordinal));
            return line is not null && long.TryParse(line.AsSpan(6), out long seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
                : DateTime.MinValue;
        }
    }
}
