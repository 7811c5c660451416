using LibreQoS.Bus.Server;
using LibreQoS.Linux;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Service.Hosting;

/// <summary>
/// Starts the bus (the data plane is attached before the host starts). systemd hears READY=1 from
/// <see cref="SystemdLifetime"/> once every hosted service has started, so only after the bus is bound, and
/// STOPPING=1 the moment shutdown begins; the bus closes last.
/// </summary>
public sealed partial class LqosdHostedService(UnixSocketBusServer bus, ISystemdNotifier notifier, IHostApplicationLifetime lifetime, ILogger<LqosdHostedService> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() => Log.Stopping(logger));
        bus.Start();
        notifier.Notify(new ServiceState("STATUS=serving the bus"));
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
    }
}

/// <summary>Pings systemd's watchdog at half the interval WatchdogSec asks for.</summary>
public sealed class WatchdogService(ISystemdNotifier notifier) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (SystemdWatchdog.Interval is not { } interval)
            return;
        using var timer = new PeriodicTimer(interval / 2);
        do
        {
            notifier.Notify(new ServiceState(SystemdWatchdog.Ping));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
