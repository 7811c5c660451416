using System.CommandLine;
using LibreQoS.Config.LqosConf;
using LibreQoS.Scheduling.Hosting;
using LibreQoS.Scheduling.Integrations;
using LibreQoS.Service.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;

var config = new Option<string?>("--config") { Description = "Path of lqos.conf (default: $LQOS_CONFIG, else /etc/lqos.conf)" };
var runOnce = new Option<bool>("--run-once")
{
    Description = "Run the scheduled job once (integration, then a refresh if the inputs changed), printing everything; exit 0 on success, else 1. Needs lqosd, unless --integration is given",
};
var integration = new Option<string?>("--integration") { Description = $"With --run-once: run only this integration, enabled or not; lqosd is not needed ({IntegrationCatalog.Names})" };
var debug = new Option<bool>("--debug") { Description = "With --run-once: print debug messages too" };
var root = new RootCommand("lqos_scheduler: runs CRM integrations and refreshes shaping every queue_refresh_interval_mins") { config, runOnce, integration, debug };
root.SetAction(async (result, stopping) =>
{
    bool once = result.GetValue(runOnce);
    if (!once && (result.GetValue(integration) is not null || result.GetValue(debug)))
    {
        await Console.Error.WriteLineAsync("lqos_scheduler: --integration and --debug go with --run-once");
        return 2;
    }
    string configPath = LqosConfigFile.ResolvePath(result.GetValue(config));
    if (LqosConfigFile.LoadForStartup(configPath, Console.Error) is not { } loaded)
        return 1;
    using var serilog = (Serilog.Core.Logger)LqosLogging.Create(once ? result.GetValue(debug) ? "debug" : "info" : loaded.Scheduler.LogLevel);
    // Run by hand, scripts print straight to the terminal: logging their lines as well would show each twice.
    using var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddSerilog(serilog)
        .AddFilter<SerilogLoggerProvider>(SchedulerPython.ScriptLogCategory, once ? LogLevel.None : LogLevel.Trace));
    return once
        ? await new RunOnce(loaded, configPath, loggers, Console.Out, Console.Error).RunAsync(result.GetValue(integration), stopping)
        : await new SchedulerService(loaded, configPath, loggers).RunAsync(stopping);
});
// Stopping (SIGTERM) interrupts the running script and finalises Python, which may take StopTimeout (10 s).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) });
