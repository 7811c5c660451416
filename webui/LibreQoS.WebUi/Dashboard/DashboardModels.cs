namespace LibreQoS.WebUi.Dashboard;

/// <summary>A pair of rates or limits, download first (upstream's order).</summary>
public readonly record struct DownUpRate(long Down, long Up);

public sealed record CircuitLive(string CircuitId, string Name, DownUpRate BitsPerSecond);

/// <param name="State">healthy, running (an import in progress), error, or offline (no heartbeat for five minutes).</param>
/// <param name="PhaseLabel">What the scheduler calls its running phase for operators (a v2.2 scheduler.py's <c>phase_label</c>).</param>
public sealed record SchedulerView(string State, long? LastHeartbeatUnix, string? Phase, int? Percent, string? Error, string? ErrorLogPath, string? LastOutput,
    string? PhaseLabel = null);

public sealed record DaemonHealth(string Version, long UptimeSeconds, bool DataPlaneAttached, int ShapedCircuits);

/// <summary>Everything the dashboard shows, pushed once a second.</summary>
/// <param name="Unshaped">Traffic that matched no circuit: total minus shaped.</param>
public sealed record DashboardSnapshot(DownUpRate Total, DownUpRate Shaped, DownUpRate Unshaped, IReadOnlyList<CircuitLive> TopCircuits,
    SchedulerView Scheduler, DaemonHealth Daemon, int UrgentIssues, long UpdatedUnix);

/// <summary>What the dashboard reads from lqosd.</summary>
public interface IDashboardQueries
{
    DashboardSnapshot Snapshot(int topCircuits);
}
