using LibreQoS.Bus.Server;
using LibreQoS.Linux;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Service.Hosting;

/// <summary>
/// Starts the bus, then tells systemd lqosd is ready. Stopping is announced the moment shutdown begins (before the
/// other services wind down), and the bus closes last.
/// </summary>
public sealed partial class LqosdHostedService(UnixSocketBusServer bus, SdNotify notify, IHostApplicationLifetime lifetime, ILogger<LqosdHostedService> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            notify.Stopping();
            Log.Stopping(logger);
        });
        bus.Start();
        notify.Status("serving the bus");
        if (notify.Ready())
            Log.Notified(logger, "READY=1");
        Log.Started(logger);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await bus.DisposeAsync().ConfigureAwait(false);

    private static partial class Log
    {
        [LoggerMessage(7000, LogLevel.Information, "lqosd started")]
        public static partial void Started(ILogger logger);

        [LoggerMessage(7001, LogLevel.Information, "lqosd stopping")]
        public static partial void Stopping(ILogger logger);

        [LoggerMessage(7002, LogLevel.Debug, "told systemd {State}")]
        public static partial void Notified(ILogger logger, string state);
    }
}

/// <summary>Pings systemd's watchdog at half the interval WatchdogSec asks for.</summary>
public sealed class WatchdogService(SdNotify notify) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (SdNotify.WatchdogInterval is not { } interval)
            return;
        using var timer = new PeriodicTimer(interval / 2);
        do
        {
            notify.Watchdog();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
