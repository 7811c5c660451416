using LibreQoS.Bus.Protocol;

namespace LibreQoS.Service.State;

/// <summary>What lqos_scheduler last reported: heartbeat, error (with its log file), output and progress.</summary>
public sealed class SchedulerStatusStore(TimeProvider clock)
{
    /// <summary>Upstream's rule: the scheduler counts as running while heartbeats are under five minutes old.</summary>
    public static readonly TimeSpan HeartbeatValidity = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private DateTimeOffset? _heartbeat;
    private string? _error;
    private string? _errorLog;
    private string? _output;
    private SchedulerProgressInfo? _progress;

    public void Heartbeat()
    {
        lock (_lock)
            _heartbeat = clock.GetUtcNow();
    }

    /// <summary>An empty message clears the error, as upstream's scheduler_error("") does.</summary>
    public void SetError(string message, string? logPath)
    {
        lock (_lock)
        {
            _error = message.Length == 0 ? null : message;
            _errorLog = message.Length == 0 ? null : logPath;
        }
    }

    public void SetOutput(string output)
    {
        lock (_lock)
            _output = output;
    }

    public void SetProgress(SchedulerProgress progress)
    {
        lock (_lock)
        {
            _progress = new SchedulerProgressInfo(progress.Active, progress.Phase, Math.Clamp(progress.Percent, 0, 100),
                progress.StepIndex, progress.StepCount, clock.GetUtcNow().ToUnixTimeSeconds(),
                string.IsNullOrEmpty(progress.PhaseLabel) ? null : progress.PhaseLabel);
        }
    }

    public SchedulerStatusReply Snapshot()
    {
        lock (_lock)
        {
            bool running = _heartbeat is { } beat && clock.GetUtcNow() - beat < HeartbeatValidity;
            return new SchedulerStatusReply(running, _heartbeat?.ToUnixTimeSeconds(), _error, _errorLog, _output, _progress);
        }
    }
}
