namespace LibreQoS.Linux;

/// <summary>
/// The watchdog systemd runs for a unit with WatchdogSec: it expects a WATCHDOG=1 notification within
/// <see cref="Interval"/>. (Microsoft.Extensions.Hosting.Systemd sends READY and STOPPING, not these pings.)
/// </summary>
public static class SystemdWatchdog
{
    public const string Ping = "WATCHDOG=1";

    /// <summary>The interval from WATCHDOG_USEC, or null when the unit has no watchdog.</summary>
    public static TimeSpan? Interval =>
        long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out long usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;
}
