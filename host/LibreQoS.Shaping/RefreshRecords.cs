using LibreQoS.Config.Files;
using LibreQoS.Config.NetworkJson;
using LibreQoS.Config.ShapedDevices;
using LibreQoS.Core.Shaping;
using LibreQoS.Planner;

namespace LibreQoS.Shaping;

/// <param name="Records">What the refresh leaves on disk, still to be written; null when there is nothing to record.</param>
public sealed record ShapedRefresh(RefreshResult Result, RefreshRecords? Records);

/// <summary>The input files as read when the refresh loaded them (null: absent), so later edits are not recorded in their place.</summary>
/// <param name="Validated">They validated, so they become the last good inputs.</param>
internal sealed record InputFiles(byte[]? ShapedDevices, byte[]? NetworkJson, bool Validated)
{
    public static InputFiles Read(string directory, bool validated) => new(
        ReadIfExists(Path.Combine(directory, ShapedDevicesReader.FileName)), ReadIfExists(Path.Combine(directory, NetworkJsonReader.FileName)), validated);

    private static byte[]? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;
}

/// <summary>
/// What a refresh leaves on disk once the kernel shapes with its plan: the inputs as the last good ones (upstream's
/// lastGoodConfig), the planner state, the applied plan, and upstream's output files. None of it changes shaping, so
/// lqosd answers first and writes these after; until the applied plan is recorded, a marker file tells a refresh
/// that follows a crash not to trust it.
/// </summary>
public sealed class RefreshRecords
{
    private readonly ShapingPaths _paths;
    private readonly ShapingPlan _plan;
    private readonly PlannerState _state;
    private readonly InputFiles _inputs;
    private readonly SavedFileCache<ShapingPlan>? _applied;
    private readonly SavedFileCache<PlannerState> _plannerState;

    /// <param name="applied">Where the applied plan is remembered; null on a dry run, which applies nothing.</param>
    internal RefreshRecords(ShapingPaths paths, ShapingPlan plan, PlannerState state, InputFiles inputs,
        SavedFileCache<ShapingPlan>? applied, SavedFileCache<PlannerState> plannerState)
    {
        _paths = paths;
        _plan = plan;
        _state = state;
        _inputs = inputs;
        _applied = applied;
        _plannerState = plannerState;
    }

    /// <summary>Called before the kernel is changed: from here until <see cref="Write"/>, applied_plan.json is behind.</summary>
    internal void MarkUnrecorded() => File.WriteAllBytes(_paths.AppliedPlanUnrecorded, []);

    /// <exception cref="IOException">A file could not be written; the marker stays, so the next refresh re-issues every class.</exception>
    public void Write(RefreshLog log)
    {
        if (_inputs.Validated)
        {
            log.Phase("record the last good inputs", () =>
            {
                WriteIfRead(_paths.LastGoodCsv, _inputs.ShapedDevices, durable: true);
                WriteIfRead(_paths.LastGoodJson, _inputs.NetworkJson, durable: true);
                return 0;
            });
        }
        if (_applied is not null)
        {
            log.Phase("save applied plan", () =>
            {
                OperatorFile.WriteAtomically(_paths.AppliedPlan, PlanJson.Serialize(_plan), durable: false);
                _applied.Saved(_paths.AppliedPlan, _plan);
                File.Delete(_paths.AppliedPlanUnrecorded);
                return 0;
            });
        }
        log.Phase("write output files", () =>
        {
            OperatorFile.WriteAtomically(_paths.PlannerState, _state.ToJson(), durable: false);
            _plannerState.Saved(_paths.PlannerState, _state);
            RefreshOutputs.Write(_paths, _plan);
            WriteIfRead(_paths.LastLoadedCsv, _inputs.ShapedDevices, durable: false);
            return 0;
        });
    }

    private static void WriteIfRead(string path, byte[]? contents, bool durable)
    {
        if (contents is not null)
            OperatorFile.WriteAtomically(path, contents, durable);
    }
}
