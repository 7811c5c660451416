using LibreQoS.Scheduling.Bus;

namespace LibreQoS.Scheduling.Jobs;

/// <summary>Tells lqosd the scheduler is alive (upstream's <c>not_dead_yet</c>), once a minute.</summary>
public sealed class HeartbeatJob(SchedulerStatusReporter status) : IScheduledJob
{
    public string Name => "heartbeat";

    public JobSettings Settings => JobSettings.Heartbeat;

    public async Task<JobResult> RunAsync(CancellationToken cancellationToken) =>
        await status.HeartbeatAsync(cancellationToken).ConfigureAwait(false) ? JobResult.Succeeded : JobResult.Failed;
}
