using LibreQoS.Linux;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Hosting;

/// <summary>
/// What the scheduler tells systemd (Type=notify) through Microsoft.Extensions.Hosting.Systemd's notifier: still
/// starting, ready (once lqosd answers, not when the process starts), stopping, and watchdog pings while healthy.
/// </summary>
public sealed partial class ServiceNotifier(ISystemdNotifier notify, ILogger<ServiceNotifier> logger)
{
    // Room beyond the next attempt, so the start timeout is extended again before it runs out.
    private static readonly TimeSpan ExtendMargin = TimeSpan.FromSeconds(30);

    /// <summary>Shows <paramref name="status"/> and extends systemd's start timeout past the next attempt.</summary>
    public void StillStarting(string status, TimeSpan nextAttemptIn)
    {
        Send($"STATUS={status}");
        Send($"EXTEND_TIMEOUT_USEC={(long)(nextAttemptIn + ExtendMargin).TotalMicroseconds}");
    }

    public void Ready(string status)
    {
        Send($"STATUS={status}");
        if (Send("READY=1"))
            Log.Notified(logger, "READY=1");
    }

    public void Stopping()
    {
        if (Send("STOPPING=1"))
            Log.Notified(logger, "STOPPING=1");
    }

    /// <summary>
    /// Pings the watchdog at half the interval systemd asks for (WATCHDOG_USEC), but only while
    /// <paramref name="healthy"/> says so: a scheduler whose interpreter is stuck gets restarted. Null without a watchdog.
    /// </summary>
    public IDisposable? StartWatchdog(Func<bool> healthy)
    {
        if (SystemdWatchdog.Interval is not { } interval)
            return null;
        bool withheld = false;
        return new Timer(_ =>
        {
            if (healthy())
            {
                Send(SystemdWatchdog.Ping);
            }
            else if (!withheld)
            {
                withheld = true;
                Log.WatchdogWithheld(logger);
            }
        }, null, TimeSpan.Zero, interval / 2);
    }

    private bool Send(string state)
    {
        if (!notify.IsEnabled)
            return false;
        notify.Notify(new ServiceState(state));
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.Notified, LogLevel.Debug, "Told systemd {State}")]
        public static partial void Notified(ILogger logger, string state);

        [LoggerMessage(EventIds.WatchdogWithheld, LogLevel.Critical,
            "The embedded Python is stuck; no more watchdog pings, so systemd restarts lqos_scheduler")]
        public static partial void WatchdogWithheld(ILogger logger);
    }
}
