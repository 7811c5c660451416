using LibreQoS.Bus.Protocol;
using LibreQoS.Service.State;
using LibreQoS.WebUi.Dashboard;
using LibreQoS.WebUi.Scheduler;
using LibreQoS.WebUi.Urgent;

namespace LibreQoS.Service.WebUi;

/// <summary>The scheduler indicator over <see cref="SchedulerStatusStore"/>.</summary>
public sealed class LqosdSchedulerQueries(SchedulerStatusStore scheduler) : ISchedulerQueries
{
    public SchedulerView Status() => ToView(scheduler.Snapshot());

    /// <summary>An error wins over progress: the operator must see a failed import even while the next one runs.</summary>
    public static SchedulerView ToView(SchedulerStatusReply status)
    {
        string state = status switch
        {
            { Error: not null } => "error",
            { Running: false } => "offline",
            { Progress.Active: true } => "running",
            _ => "healthy",
        };
        var progress = status.Progress is { Active: true } p ? p : null;
        return new SchedulerView(state, status.LastHeartbeatUnix, progress?.Phase, progress?.Percent, status.Error, status.ErrorLogPath, status.LastOutput,
            progress?.PhaseLabel);
    }
}

/// <summary>The urgent-issues indicator over <see cref="UrgentIssueStore"/>.</summary>
public sealed class LqosdUrgentQueries(UrgentIssueStore issues) : IUrgentQueries
{
    public IReadOnlyList<UrgentIssueView> List() =>
        [.. issues.List().Select(i => new UrgentIssueView(i.Id, i.TimestampUnix, i.Source, i.Severity, i.Code, i.Message, i.Context))];

    public bool Acknowledge(long id) => issues.Acknowledge(id);

    public void AcknowledgeAll() => issues.Clear();
}

/// <summary>
/// The dashboard's snapshot: totals and top circuits from the data plane, health from the stores. The web UI's
/// <see cref="DashboardFeed"/> decides how often to build one.
/// </summary>
public sealed class LqosdDashboardQueries(IThroughputSource throughput, SchedulerStatusStore scheduler, UrgentIssueStore issues,
    AppliedPlanCache plan, TimeProvider clock) : IDashboardQueries
{
    private static readonly DateTimeOffset Started = DateTimeOffset.UtcNow;
    private static readonly string Version = typeof(LqosdDashboardQueries).Assembly.GetName().Version?.ToString(3) ?? "dev";

    public DashboardSnapshot Snapshot(int topCircuits)
    {
        var totals = throughput.Totals();
        var total = LiveRates.From(totals.BitsPerSecond);
        var shaped = LiveRates.From(totals.ShapedBitsPerSecond);
        var unshaped = LiveRates.Ceiling(new DownUpRate(total.Down - shaped.Down, total.Up - shaped.Up));
        var top = throughput.TopCircuits(topCircuits).Select(c => new CircuitLive(c.CircuitId, c.CircuitName, LiveRates.From(c.BitsPerSecond))).ToList();
        var now = clock.GetUtcNow();
        var daemon = new DaemonHealth(Version, (long)(now - Started).TotalSeconds, totals.UpdatedUnix != 0, plan.Current.Plan.Circuits.Count);
        return new DashboardSnapshot(total, shaped, unshaped, top, LqosdSchedulerQueries.ToView(scheduler.Snapshot()), daemon,
            issues.List().Count, now.ToUnixTimeSeconds());
    }
}
