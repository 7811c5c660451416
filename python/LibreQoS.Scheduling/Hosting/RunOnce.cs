using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.Config.LqosConf;
using LibreQoS.Python;
using LibreQoS.Scheduling.Bus;
using LibreQoS.Scheduling.Integrations;
using LibreQoS.Scheduling.Jobs;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Hosting;

/// <summary>
/// <c>lqos_scheduler --run-once</c>: what operators run by hand to debug. With an integration name it runs just that
/// integration (lqosd not needed); without, it runs the scheduled job once (integration, then an update-only refresh
/// if the inputs changed), which needs lqosd and reports to it as the service does. Script output goes straight to
/// the terminal.
/// </summary>
/// <param name="configPath">Where <paramref name="config"/> was read from; scripts get it as LQOS_CONFIG.</param>
public sealed class RunOnce(LqosConfig config, string configPath, ILoggerFactory loggers, TextWriter output, TextWriter error)
{
    /// <returns>0 when it succeeded, 1 otherwise.</returns>
    public Task<int> RunAsync(string? integrationName, CancellationToken cancellationToken) =>
        integrationName is null ? RunScheduledJobAsync(cancellationToken) : RunIntegrationAsync(integrationName, cancellationToken);

    private async Task<int> RunIntegrationAsync(string name, CancellationToken cancellationToken)
    {
        if (IntegrationCatalog.Find(name) is not { } integration)
        {
            await error.WriteLineAsync($"lqos_scheduler: '{name}' is not an integration; use one of {IntegrationCatalog.Names}.").ConfigureAwait(false);
            return 1;
        }
        if (!integration.IsEnabled(config))
            await output.WriteLineAsync($"Note: {integration.EnableKey} is not true in lqos.conf, so the service does not run {integration.Label}; running it anyway.").ConfigureAwait(false);
        await using var python = await SchedulerPython.TryStartAsync(config, configPath, loggers).ConfigureAwait(false);
        if (python is null)
            return 1;
        using var driver = new IntegrationDriver();
        var outcome = await Runner(python, driver).RunAsync(integration, config.LqosDirectory, JobSettings.For(integration.Name, config).Timeout, cancellationToken)
            .ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            await output.WriteLineAsync(outcome.Message).ConfigureAwait(false);
            return 0;
        }
        await error.WriteLineAsync(outcome.Message.Split('\n')[0]).ConfigureAwait(false);
        if (outcome.LogPath is not null)
            await error.WriteLineAsync($"Full output saved to {outcome.LogPath}").ConfigureAwait(false);
        return 1;
    }

    private async Task<int> RunScheduledJobAsync(CancellationToken cancellationToken)
    {
        await using var bus = new LqosdBusConnection(config.Lqosd.BusSocket, (int)config.Lqosd.BusMaxFrameBytes);
        try
        {
            await bus.SendAsync(new Ping(), null, cancellationToken).ConfigureAwait(false);
        }
        catch (BusUnavailableException ex)
        {
            await error.WriteLineAsync(
                $"lqos_scheduler --run-once runs the scheduled job, whose shaping refresh needs lqosd running, and lqosd cannot be reached: {ex.Message}\n" +
                "Start lqosd (systemctl start lqosd), or run only the integration, which needs no lqosd: lqos scheduler run-once --integration NAME").ConfigureAwait(false);
            return 1;
        }
        var enabled = IntegrationCatalog.Enabled(config);
        if (enabled.Count == 0)
        {
            await output.WriteLineAsync(
                $"No integration is enabled in lqos.conf ({string.Join(", ", IntegrationCatalog.All.Select(i => i.EnableKey))}), so there is nothing to run. " +
                "To apply network.json, ShapedDevices.csv and lqos_overrides.json now: lqos refresh --updateonly").ConfigureAwait(false);
            return 0;
        }

        var integration = enabled[0];
        await using var python = await SchedulerPython.TryStartAsync(config, configPath, loggers).ConfigureAwait(false);
        if (python is null)
            return 1;
        using var driver = new IntegrationDriver();
        var options = new ImportCycleOptions(config.LqosDirectory, integration, JobSettings.For(integration.Name, config), ReloadAtStart: false);
        var status = new SchedulerStatusReporter(bus, loggers.CreateLogger<SchedulerStatusReporter>());
        var cycle = new ImportCycle(options, Runner(python, driver), bus, status, loggers.CreateLogger<ImportCycle>());
        cycle.AssumeApplied(InputsFingerprint.Compute(config.LqosDirectory));
        var result = await cycle.RunAsync(cancellationToken).ConfigureAwait(false);
        if (result == JobResult.Succeeded)
        {
            await output.WriteLineAsync("lqos_scheduler: the scheduled job succeeded.").ConfigureAwait(false);
            return 0;
        }
        await error.WriteLineAsync("lqos_scheduler: the scheduled job failed; the messages above say why ('lqos scheduler status' shows the same).").ConfigureAwait(false);
        return 1;
    }

    private IntegrationRunner Runner(PythonRuntime python, IntegrationDriver driver) =>
        new(python, driver, new FailureLog(TimeProvider.System), loggers, output, error);
}
