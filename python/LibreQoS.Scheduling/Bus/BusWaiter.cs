using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.Scheduling.Hosting;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Bus;

/// <summary>Backoff between attempts to reach lqosd: doubling from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>.</summary>
public sealed record BusWaitPolicy(TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static BusWaitPolicy Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>The wait after the <paramref name="failures"/>-th failed attempt (1-based).</summary>
    public TimeSpan DelayAfter(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(failures - 1, 30)));
}

/// <summary>
/// Waits until lqosd answers a ping on its bus, however long that takes, logging each failed attempt and telling
/// systemd it is still starting (so a slow lqosd does not get the scheduler killed for a start timeout).
/// </summary>
public sealed partial class BusWaiter(ILqosdBus bus, BusWaitPolicy policy, TimeProvider time, ILogger<BusWaiter> logger, ServiceNotifier? notifier = null)
{
    /// <returns>How many attempts it took.</returns>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            string reason;
            try
            {
                var reply = await bus.SendAsync(new Ping(), null, cancellationToken).ConfigureAwait(false);
                if (reply is Ack)
                {
                    Log.BusReady(logger, attempt);
                    return attempt;
                }
                reason = reply is Fail fail ? $"lqosd answered: {fail.Message}" : $"lqosd answered {reply.GetType().Name}";
            }
            catch (BusUnavailableException ex)
            {
                reason = ex.Message;
            }
            var delay = policy.DelayAfter(attempt);
            Log.BusWaiting(logger, attempt, reason, delay.TotalSeconds);
            notifier?.StillStarting($"waiting for lqosd's bus (attempt {attempt}): {reason}", delay);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.BusWaiting, LogLevel.Warning, "lqosd's bus is not answering yet (attempt {Attempt}): {Reason}; trying again in {Seconds} s")]
        public static partial void BusWaiting(ILogger logger, int attempt, string reason, double seconds);

        [LoggerMessage(EventIds.BusReady, LogLevel.Information, "lqosd's bus answered (attempt {Attempt})")]
        public static partial void BusReady(ILogger logger, int attempt);
    }
}
