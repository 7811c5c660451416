using LibreQoS.Config.LqosConf;
using LibreQoS.Linux;
using LibreQoS.Python;
using LibreQoS.Scheduling.Bus;
using LibreQoS.Scheduling.Integrations;
using LibreQoS.Scheduling.Jobs;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Hosting;

/// <summary>
/// The lqos_scheduler service: start Python if anything needs it, wait for lqosd's bus, then run the operator's
/// scheduler.py if lqos_directory has one, else the built-in schedule (a full reload, then the integration and an
/// update-only refresh when the inputs changed, every interval), with a heartbeat to lqosd every minute throughout.
/// </summary>
/// <param name="configPath">Where <paramref name="config"/> was read from; scripts get it as LQOS_CONFIG.</param>
public sealed partial class SchedulerService(LqosConfig config, string configPath, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<SchedulerService>();

    /// <returns>0 when stopped, else non-zero (systemd restarts the service).</returns>
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        var notifier = new ServiceNotifier(new SystemdNotifier(), loggers.CreateLogger<ServiceNotifier>());
        using var onStop = stopping.Register(notifier.Stopping);
        try
        {
            return await RunUntilStoppedAsync(notifier, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            if (!stopping.IsCancellationRequested)
                notifier.Stopping();
            Log.Stopped(_logger);
        }
    }

    private async Task<int> RunUntilStoppedAsync(ServiceNotifier notifier, CancellationToken stopping)
    {
        bool operatorScript = File.Exists(OperatorSchedulerScript.PathIn(config.LqosDirectory));
        var integration = operatorScript ? null : ChooseIntegration();
        PythonRuntime? python = null;
        if (operatorScript || integration is not null)
        {
            python = await SchedulerPython.TryStartAsync(config, configPath, loggers).ConfigureAwait(false);
            if (python is null)
                return 1;
        }
        await using (python)
        {
            await using var bus = new LqosdBusConnection(config.Lqosd.BusSocket, (int)config.Lqosd.BusMaxFrameBytes);
            await new BusWaiter(bus, BusWaitPolicy.Default, TimeProvider.System, loggers.CreateLogger<BusWaiter>(), notifier)
                .WaitAsync(stopping).ConfigureAwait(false);
            var status = new SchedulerStatusReporter(bus, loggers.CreateLogger<SchedulerStatusReporter>());
            await status.ReportStepAsync(SchedulerStep.WaitingForBus, active: false, stopping).ConfigureAwait(false);
            using var watchdog = notifier.StartWatchdog(() => python?.IsHealthy ?? true);
            var heartbeat = new HeartbeatJob(status);
            return operatorScript
                ? await RunOperatorScriptAsync(python!, heartbeat, status, notifier, stopping).ConfigureAwait(false)
                : await RunBuiltInScheduleAsync(python, integration, heartbeat, bus, status, notifier, stopping).ConfigureAwait(false);
        }
    }

    private async Task<int> RunBuiltInScheduleAsync(PythonRuntime? python, Integration? integration, HeartbeatJob heartbeat, ILqosdBus bus,
        SchedulerStatusReporter status, ServiceNotifier notifier, CancellationToken stopping)
    {
        using var driver = python is null ? null : new IntegrationDriver();
        var runner = python is null || driver is null ? null : new IntegrationRunner(python, driver, new FailureLog(TimeProvider.System), loggers);
        string jobName = integration?.Name ?? "inputs";
        var options = new ImportCycleOptions(config.LqosDirectory, integration, JobSettings.For(jobName, config), ReloadAtStart: true,
            () => notifier.Ready(integration is null ? "watching the shaping inputs" : $"running {integration.Label} on schedule"));
        var cycle = new ImportCycle(options, runner, bus, status, loggers.CreateLogger<ImportCycle>());
        var loop = new SchedulerLoop([heartbeat, cycle], TimeProvider.System, loggers.CreateLogger<SchedulerLoop>());
        return await loop.RunAsync(stopping).ConfigureAwait(false) ? 0 : 1;
    }

    private async Task<int> RunOperatorScriptAsync(PythonRuntime python, HeartbeatJob heartbeat, SchedulerStatusReporter status,
        ServiceNotifier notifier, CancellationToken stopping)
    {
        await status.ReportStepAsync(SchedulerStep.OperatorScript, active: true, stopping).ConfigureAwait(false);
        using var heartbeats = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var loop = new SchedulerLoop([heartbeat], TimeProvider.System, loggers.CreateLogger<SchedulerLoop>());
        var beating = loop.RunAsync(heartbeats.Token);
        try
        {
            var script = new OperatorSchedulerScript(python, loggers).RunAsync(config.LqosDirectory, stopping);
            notifier.Ready("running scheduler.py from lqos_directory");
            return await script.ConfigureAwait(false);
        }
        finally
        {
            await heartbeats.CancelAsync().ConfigureAwait(false);
            await beating.ConfigureAwait(false);
        }
    }

    /// <summary>The first enabled integration in upstream's order; the others are named in the log.</summary>
    private Integration? ChooseIntegration()
    {
        var enabled = IntegrationCatalog.Enabled(config);
        if (enabled.Count == 0)
        {
            Log.NoIntegrationEnabled(_logger);
            return null;
        }
        Log.IntegrationSelected(_logger, enabled[0].Label, enabled[0].EnableKey);
        if (enabled.Count > 1)
            Log.IntegrationsIgnored(_logger, enabled[0].Label, string.Join(", ", enabled.Skip(1).Select(i => i.EnableKey)));
        return enabled[0];
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.IntegrationSelected, LogLevel.Information, "Integration: {Label} ({EnableKey} = true)")]
        public static partial void IntegrationSelected(ILogger logger, string label, string enableKey);

        [LoggerMessage(EventIds.IntegrationsIgnored, LogLevel.Warning,
            "Only one integration runs, as upstream: {Label}. Set these to false, they are ignored: {Ignored}")]
        public static partial void IntegrationsIgnored(ILogger logger, string label, string ignored);

        [LoggerMessage(EventIds.NoIntegrationEnabled, LogLevel.Information,
            "No integration is enabled in lqos.conf; lqos_scheduler refreshes shaping when network.json, ShapedDevices.csv or lqos_overrides.json change")]
        public static partial void NoIntegrationEnabled(ILogger logger);

        [LoggerMessage(EventIds.Stopping, LogLevel.Information, "lqos_scheduler stopped")]
        public static partial void Stopped(ILogger logger);
    }
}
