namespace LibreQoS.Scheduling.Bus;

/// <summary>
/// A step of the scheduler's work as <c>lqos scheduler status</c> shows it. Phase names are upstream's
/// (scheduler.py at v2.2), so operators and the web UI read the same words.
/// </summary>
/// <param name="Label">What operators read for the phase; null shows the phase itself.</param>
public sealed record SchedulerStep(string Phase, int Index, int Count, string? Label = null)
{
    public static SchedulerStep WaitingForBus { get; } = new("waiting_for_bus", 1, 2);
    public static SchedulerStep InitialShapingReload { get; } = new("initial_shaping_reload", 2, 2);
    public static SchedulerStep PartialIntegration { get; } = new("partial_integration", 1, 3);
    public static SchedulerStep PartialRuntimeHash { get; } = new("partial_runtime_hash", 2, 3);
    public static SchedulerStep PartialReload { get; } = new("partial_reload", 3, 3);
    /// <summary>The operator's scheduler.py runs; a v2.2 one replaces this with its own phases as it reports them.</summary>
    public static SchedulerStep OperatorScript { get; } = new("running_scheduler_script", 2, 2, "Running scheduler.py from lqos_directory");

    /// <summary>Finished: the step count stays, with the phase saying the result.</summary>
    public SchedulerStep Ready => new("ready", Count, Count);

    /// <summary>Stopped at this step by a failure; the scheduler goes on with the last good inputs.</summary>
    public SchedulerStep Degraded => this with { Phase = "degraded" };

    /// <summary>Upstream's rule: steps before this one are done while it runs, this one too once it has ended.</summary>
    public int Percent(bool active) => (int)Math.Round((active ? Index - 1 : Index) * 100.0 / Count, MidpointRounding.AwayFromZero);
}
