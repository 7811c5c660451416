using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Jobs;

/// <summary>
/// Runs jobs as they fall due on a <see cref="JobSchedule"/>. Jobs run side by side (a heartbeat is not held up by a
/// ten-minute integration), each never alongside itself. A job that throws is logged and retried after its retry delay.
/// </summary>
public sealed partial class SchedulerLoop
{
    // Task.Delay cannot wait longer than about 49 days; a longer wait is taken in steps.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly Dictionary<string, IScheduledJob> _jobs;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<Task<JobResult>> _running = [];

    public SchedulerLoop(IReadOnlyList<IScheduledJob> jobs, TimeProvider time, ILogger<SchedulerLoop> logger)
    {
        _jobs = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);
        _time = time;
        _logger = logger;
        Schedule = new JobSchedule(time);
        foreach (var job in jobs)
        {
            Schedule.Add(job.Name, job.Settings, TimeSpan.Zero);
            Log.JobScheduled(logger, job.Name, job.Settings.Interval.TotalMinutes, job.Settings.RetryDelay.TotalSeconds);
        }
    }

    public JobSchedule Schedule { get; }

    /// <summary>
    /// Runs jobs until <paramref name="cancellationToken"/> is cancelled (returns true) or a job reports
    /// <see cref="JobResult.Fatal"/> (returns false). Running jobs are interrupted and awaited before it returns.
    /// </summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bool fatal = false;
        try
        {
            while (!stop.IsCancellationRequested && !fatal)
            {
                _running.AddRange(StartDueJobs(stop.Token));
                foreach (var done in _running.Where(t => t.IsCompleted).ToList())
                {
                    _running.Remove(done);
                    fatal |= done.Result == JobResult.Fatal;
                }
                if (!fatal)
                    await WaitForWorkAsync(stop.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_running).ConfigureAwait(false);
            _running.Clear();
        }
        return !fatal;
    }

    /// <summary>Starts every job that is due now; each task ends with the job's result recorded in <see cref="Schedule"/>.</summary>
    internal IReadOnlyList<Task<JobResult>> StartDueJobs(CancellationToken cancellationToken) =>
        Schedule.StartDue().Select(name => RunJobAsync(_jobs[name], cancellationToken)).ToList();

    private async Task<JobResult> RunJobAsync(IScheduledJob job, CancellationToken cancellationToken)
    {
        var result = JobResult.Failed;
        try
        {
            result = await job.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the interrupted run counts as failed, which nothing after the stop reads.
        }
        catch (Exception ex)
        {
            // A background loop logs and goes on (B11): one bad run must not end the scheduler.
            Log.JobThrew(_logger, job.Name, ex);
        }
        finally
        {
            Schedule.Finished(job.Name, result == JobResult.Succeeded);
        }
        return result;
    }

    /// <summary>Returns when the next job falls due, a running job ends, or the token is cancelled.</summary>
    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        List<Task> waits = [.. _running];
        var wait = Schedule.NextDue is { } due ? due - _time.GetUtcNow() : LongestWait;
        waits.Add(Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait, _time, wake.Token));
        await Task.WhenAny(waits).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.JobsScheduled, LogLevel.Information, "Job {Job}: every {IntervalMinutes} min, {RetrySeconds} s after a failure")]
        public static partial void JobScheduled(ILogger logger, string job, double intervalMinutes, double retrySeconds);

        [LoggerMessage(EventIds.JobThrew, LogLevel.Error, "Job {Job} failed unexpectedly; it runs again after its retry delay")]
        public static partial void JobThrew(ILogger logger, string job, Exception exception);
    }
}
