using System.Text.Json;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Config.LqosConf;
using LibreQoS.Config.NetworkJson;
using LibreQoS.Config.ShapedDevices;
using LibreQoS.Config.Validation;
using LibreQoS.Core.Overrides;
using LibreQoS.Core.Shaping;
using LibreQoS.Planner;
using LibreQoS.Shaping.TopologyRuntime;
using LibreQoS.Tc;

namespace LibreQoS.Shaping;

/// <summary>
/// The refresh job (upstream's LibreQoS.py): validate the inputs, plan, apply to the kernel, record the result.
/// Bad inputs never reach the kernel: the current shaping stays, except on the first run after boot, when the
/// last inputs that validated are shaped instead (upstream's lastGoodConfig rule).
/// </summary>
/// <param name="runtime">Compiles the topology runtime's outputs, which a refresh shapes from when an integration is enabled
/// (upstream v2.2's ingress mode); lqosd shares its own with the file watch.</param>
public sealed class ShapingRefresh(ITcRunner runner, ITcInspector inspector, IQueueCounter queues, IBootClock bootClock,
    TopologyRuntimePublisher? runtime = null)
{
    /// <summary>Upstream's words for shaping asked of a runtime whose outputs are not those of the current sources.</summary>
    public const string StaleRuntimeInputs = "Missing or stale shaping_inputs.json. Run topology runtime before shaping.";

    private readonly TopologyRuntimePublisher _runtime = runtime ?? new TopologyRuntimePublisher();
    /// <summary>
    /// The applied plan and planner state as last saved by this instance: in lqosd, refreshes follow each other in
    /// one process, and re-reading them for 100k circuits each time would dominate an incremental change. A file's
    /// write time guards against someone else (a Bakery batch) having replaced it.
    /// </summary>
    private readonly SavedFileCache<Core.Shaping.ShapingPlan> _applied = new();
    private readonly SavedFileCache<PlannerState> _plannerState = new();
    private readonly ShapedDevicesRowCache _rows = new();

    /// <summary>A whole refresh: shapes, then writes its records before returning (the command-line path).</summary>
    public RefreshResult Run(LqosConfig config, RefreshOptions options, RefreshLog log)
    {
        var shaped = Shape(config, options, log);
        shaped.Records?.Write(log);
        return shaped.Result;
    }

    /// <summary>
    /// The part of a refresh the operator waits for: validate, plan and change the kernel. What it leaves on disk
    /// (<see cref="RefreshRecords"/>) is returned for the caller to write once it has answered; the next refresh must
    /// not start before they are written.
    /// </summary>
    public ShapedRefresh Shape(LqosConfig config, RefreshOptions options, RefreshLog log)
    {
        var paths = new ShapingPaths(config);
        bool dryRun = options.DryRun || config.Queues.DryRun;
        try
        {
            if (options.ClearRules)
                return new ShapedRefresh(ClearRules(config, paths, dryRun, log), null);

            paths.CreateDirectories();
            var loaded = config.TopologyImportIngressEnabled
                ? log.Phase("load the topology runtime's outputs", () => LoadRuntimeInputs(config, paths, log))
                : log.Phase("load and validate inputs", () => LoadInputs(paths, options, log));
            if (loaded is not var (inputs, files))
                return new ShapedRefresh(Failed(log, "Validation failed; the current shaping stays as it is."), null);
            log.Info($"inputs: {inputs.Circuits.Count} circuits, {inputs.DeviceCount} devices, {inputs.NodeCount} nodes");
            if (options.ValidateOnly)
                return new ShapedRefresh(new RefreshResult(true, "Validation passed."), null);

            if (options.PlannerReset)
            {
                File.Delete(paths.PlannerState);
                log.Info("planner state reset: queue placements and class ids start fresh");
            }

            var result = log.Phase("plan", () => ShapingPlanner.Plan(new PlannerInput(config, inputs.Network, inputs.Circuits, inputs.Overrides,
                AvailableQueues(config, dryRun, log))
            {
                Previous = _plannerState.Get(paths.PlannerState, path => PlannerState.FromJson(File.ReadAllText(path))) ?? PlannerState.Empty,
                KernelHasQdisc = dryRun ? null : kind => inspector.HasQdisc(kind) ?? true,
            }));
            foreach (var warning in result.Warnings)
                log.Warning(warning);
            var plan = result.Plan;
            log.Info($"plan: {plan.QueueCount} queues, {plan.Nodes.Count} nodes, {plan.Circuits.Count} circuits, {plan.IpMappingCount()} IP mappings");

            var records = new RefreshRecords(paths, plan, result.State, files, dryRun ? null : _applied, _plannerState);
            if (dryRun)
            {
                const string dry = "Dry run: nothing was changed in the kernel; see linux_tc.txt for the commands.";
                log.Info(dry);
                return new ShapedRefresh(new RefreshResult(true, dry), records);
            }

            var (current, unrecorded) = log.Phase("read applied plan", () => AppliedPlan(paths));
            bool updateOnly = options.UpdateOnly;
            if (unrecorded && updateOnly)
            {
                log.Warning("the previous refresh stopped before recording its plan: every class is re-issued in place this time");
                updateOnly = false;
            }
            records.MarkUnrecorded();
            var outcome = log.Phase("apply tc", () => new TcApplier(runner, inspector).Apply(plan, current, updateOnly));
            string summary = outcome.Kind switch
            {
                ApplyKind.NoChange => "Observed no changes; nothing to apply.",
                ApplyKind.Incremental => $"Updated {outcome.Commands} tc objects in {outcome.Elapsed.TotalMilliseconds:F0} ms.",
                ApplyKind.InPlace => $"Refreshed every class in place ({outcome.Commands} commands, {outcome.Elapsed.TotalMilliseconds:F0} ms).",
                _ => $"Rebuilt the tc trees ({outcome.Commands} commands, {outcome.Elapsed.TotalMilliseconds:F0} ms).",
            };
            log.Info(summary);
            return new ShapedRefresh(new RefreshResult(true, summary, plan), records);
        }
        catch (PlanningException ex)
        {
            return new ShapedRefresh(Failed(log, $"Refused before touching the kernel: {ex.Message}"), null);
        }
        catch (TcException ex)
        {
            return new ShapedRefresh(Failed(log, $"{ex.Message}. The previous tc tree was restored and keeps shaping."), null);
        }
    }

    /// <summary>The plan the kernel shapes with, and whether a later refresh changed the kernel without recording its plan.</summary>
    private (Core.Shaping.ShapingPlan? Plan, bool Unrecorded) AppliedPlan(ShapingPaths paths) =>
        (_applied.Get(paths.AppliedPlan, PlanJson.Load), File.Exists(paths.AppliedPlanUnrecorded));

    private RefreshResult ClearRules(LqosConfig config, ShapingPaths paths, bool dryRun, RefreshLog log)
    {
        if (dryRun)
            return new RefreshResult(true, "Dry run: the tc trees were left in place.");
        new TcApplier(runner, inspector).Clear([config.InterfaceA, config.InterfaceB]);
        File.Delete(paths.AppliedPlan);
        File.Delete(paths.AppliedPlanUnrecorded);
        log.Info($"removed the tc trees from {string.Join(" and ", new[] { config.InterfaceA, config.InterfaceB }.Distinct())}");
        return new RefreshResult(true, "Cleared the shaping rules.");
    }

    /// <summary>
    /// Validated inputs (their files become the last good ones when the records are written), or on the first run
    /// since boot the last inputs that validated.
    /// </summary>
    private (ShapingInputs Inputs, InputFiles Files)? LoadInputs(ShapingPaths paths, RefreshOptions options, RefreshLog log)
    {
        var diagnostics = new DiagnosticBag();
        var inputs = ShapingInputs.Load(paths.LqosDirectory, diagnostics, _rows);
        foreach (var warning in diagnostics.Warnings)
            log.Warning(warning.ToString());
        if (inputs is not null && !diagnostics.HasErrors)
            return (inputs, InputFiles.Read(paths.LqosDirectory, validated: true));

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
            return lastGood.HasErrors || fallback is null ? null : (fallback, InputFiles.Read(paths.LqosDirectory, validated: false));
        }
        finally
        {
            staged.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Ingress mode: the circuits of shaping_inputs.json and the network of network.effective.json, compiled first if
    /// the sources changed since they were published (so a refresh right after an import never shapes stale outputs).
    /// </summary>
    private (ShapingInputs Inputs, InputFiles Files)? LoadRuntimeInputs(LqosConfig config, ShapingPaths paths, RefreshLog log)
    {
        try
        {
            return ReadRuntimeInputs(config, paths, log);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or OperatorFileException or FormatException)
        {
            log.Error($"{StaleRuntimeInputs} {ex.Message}");
            return null;
        }
    }

    private (ShapingInputs Inputs, InputFiles Files)? ReadRuntimeInputs(LqosConfig config, ShapingPaths paths, RefreshLog log)
    {
        var status = _runtime.Publish(config);
        if (!status.Ready)
        {
            log.Error($"{StaleRuntimeInputs} {status.Error}");
            return null;
        }
        byte[] shaping = File.ReadAllBytes(status.ShapingInputsPath);
        if (TopologyGeneration.OfBytes(shaping) != status.ShapingGeneration)
        {
            log.Error($"{StaleRuntimeInputs} {status.ShapingInputsPath} changed after the runtime published it.");
            return null;
        }
        var diagnostics = new DiagnosticBag();
        var network = NetworkJsonReader.Read(status.EffectiveNetworkPath, diagnostics);
        var circuits = ShapingInputsDocument.Parse(shaping).ToCircuits();
        log.Info($"shaping from {status.ShapingInputsPath} ({status.ShapingGeneration}) and {status.EffectiveNetworkPath} ({status.EffectiveGeneration})");
        return (new ShapingInputs(network, circuits, LqosOverrides.Empty), InputFiles.Read(paths.LqosDirectory, validated: true));
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
