using LibreQoS.Config.LqosConf;

namespace LibreQoS.Scheduling.Jobs;

/// <summary>How often a job runs, how long one run may take, and how soon it runs again after a failure.</summary>
public sealed record JobSettings(TimeSpan Interval, TimeSpan Timeout, TimeSpan RetryDelay)
{
    /// <summary>lqosd counts the scheduler as running while heartbeats are under five minutes old; upstream sends one a minute.</summary>
    public static JobSettings Heartbeat { get; } = new(TimeSpan.FromMinutes(1), System.Threading.Timeout.InfiniteTimeSpan, TimeSpan.FromMinutes(1));

    /// <summary>
    /// The settings of job <paramref name="name"/>: its [[scheduler.jobs]] entry where it sets a value, else
    /// <c>integration_common.queue_refresh_interval_mins</c> and the [scheduler] section's timeout and retry delay.
    /// </summary>
    public static JobSettings For(string name, LqosConfig config)
    {
        var scheduler = config.Scheduler;
        var job = scheduler.Jobs.FirstOrDefault(j => j.Name == name);
        return new JobSettings(
            TimeSpan.FromMinutes(job?.IntervalMins ?? config.IntegrationCommon.QueueRefreshIntervalMins),
            TimeSpan.FromSeconds(job?.TimeoutSeconds ?? scheduler.IntegrationTimeoutSeconds),
            TimeSpan.FromSeconds(job?.RetryDelaySeconds ?? scheduler.RetryDelaySeconds));
    }
}
