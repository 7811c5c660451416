using System.CommandLine;
using LibreQoS.Bus.Server;
using LibreQoS.Config.LqosConf;
using LibreQoS.Linux;
using LibreQoS.Service.Hosting;
using LibreQoS.Shaping;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

var configOption = new Option<string?>("--config") { Description = "Path of lqos.conf (default: $LQOS_CONFIG, else /etc/lqos.conf)" };
var root = new RootCommand("lqosd: the LibreQoS shaping daemon (XDP/TC data plane, tc trees, IP mappings, local bus)") { configOption };
root.SetAction(result =>
{
    string path = LqosConfigFile.ResolvePath(result.GetValue(configOption));
    if (LqosConfigFile.LoadForStartup(path, Console.Error) is not { } config)
        return 1;
    using var logger = (Serilog.Core.Logger)LqosLogging.Create(config.Lqosd.LogLevel);
    var failures = Preflight.Check(config, new SysfsNetworkInterfaces());
    foreach (var failure in failures)
        logger.Error("{Failure}", failure);
    if (failures.Count > 0)
        return 1;

    var builder = Host.CreateApplicationBuilder();
    builder.Services.AddSerilog(logger);
    UnixSocketBusServer.PrepareDirectory(new BusServerOptions { SocketPath = config.Lqosd.BusSocket, Group = config.Lqosd.BusGroup });
    using var instance = SingleInstanceLock.TryAcquire(Path.Combine(Path.GetDirectoryName(config.Lqosd.BusSocket)!, "lqosd.lock"));
    if (instance is null)
    {
        logger.Error("Another lqosd is already running (its lock next to {Socket} is held); stop it first (systemctl stop lqosd).", config.Lqosd.BusSocket);
        return 1;
    }
    var (session, notes, problem) = DataPlaneStartup.Start(config, new SysfsQueueCounter());
    foreach (var note in notes)
        logger.Information("{Note}", note);
    if (session is null)
    {
        logger.Error("{Failure}", problem);
        return 1;
    }
    using (session)
    {
        builder.Services.AddLqosd(path, config, session);
        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            host.Start();
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // systemd may stop lqosd at any time, start-up included: a stop, not a failure.
            logger.Information("Asked to stop while starting; stopping what has started.");
        }
        host.WaitForShutdown();
    }
    return 0;
});
return root.Parse(args).Invoke();
