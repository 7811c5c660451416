using LibreQoS.Service.Handling;
using LibreQoS.Service.State;
using LibreQoS.Tc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Service.Hosting;

/// <summary>
/// Reads the queue statistics of every shaped interface every 2 s (as upstream). While a refresh or Bakery commit
/// rebuilds the trees it reads only every 10 s and marks the values stale, so the dump does not compete with tc.
/// </summary>
public sealed partial class QueueStatsService(CircuitDirectory circuits, QueueStatsTracker tracker, ShapingCoordinator shaping,
    ITcStatisticsReader reader, ILogger<QueueStatsService> logger) : BackgroundService
{
    public static readonly TimeSpan ReadPeriod = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan BusyReadPeriod = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ReadPeriod);
        var lastRead = DateTime.MinValue;
        bool failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            bool busy = shaping.IsBusy;
            if (busy && DateTime.UtcNow - lastRead < BusyReadPeriod)
            {
                tracker.MarkStale();
                continue;
            }
            if (circuits.Plan is not { } plan)
                continue;
            lastRead = DateTime.UtcNow;
            try
            {
                var reads = await Task.Run(() => plan.Interfaces.Distinct.Select(reader.Read).ToList(), stoppingToken).ConfigureAwait(false);
                tracker.Update(reads, stale: busy);
                if (failing)
                    Log.Recovered(logger);
                failing = false;
            }
            catch (TcException ex)
            {
                tracker.MarkStale();
                if (!failing)
                    Log.ReadFailed(logger, ex.Message);
                failing = true;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7110, LogLevel.Warning, "reading queue statistics failed: {Reason}; the last values are kept and marked stale")]
        public static partial void ReadFailed(ILogger logger, string reason);

        [LoggerMessage(7111, LogLevel.Information, "reading queue statistics works again")]
        public static partial void Recovered(ILogger logger);
    }
}
