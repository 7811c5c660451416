namespace LibreQoS.Scheduling.Jobs;

/// <summary>Work the <see cref="SchedulerLoop"/> runs on its schedule.</summary>
public interface IScheduledJob
{
    string Name { get; }

    JobSettings Settings { get; }

    /// <summary>Runs once; exceptions other than cancellation count as <see cref="JobResult.Failed"/>.</summary>
    Task<JobResult> RunAsync(CancellationToken cancellationToken);
}

public enum JobResult
{
    Succeeded,
    /// <summary>Runs again after its retry delay.</summary>
    Failed,
    /// <summary>The scheduler cannot go on (the interpreter is stuck): the loop stops so that systemd restarts the service.</summary>
    Fatal,
}
