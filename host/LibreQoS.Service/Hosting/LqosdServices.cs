using LibreQoS.Bpf.DataPlane;
using LibreQoS.Bus.Server;
using LibreQoS.Config.LqosConf;
using LibreQoS.Linux;
using LibreQoS.Flows.Tracking;
using LibreQoS.Service.Handling;
using LibreQoS.Service.Insight;
using LibreQoS.Service.State;
using LibreQoS.Service.WebUi;
using LibreQoS.Shaping;
using LibreQoS.Shaping.TopologyRuntime;
using LibreQoS.Service.Topology;
using LibreQoS.Tc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace LibreQoS.Service.Hosting;

/// <summary>lqosd's object graph: stores, the refresh coordinator, the bus and the data plane.</summary>
public static class LqosdServices
{
    public static IServiceCollection AddLqosd(this IServiceCollection services, string configPath, LqosConfig config, DataPlaneSession session)
    {
        var circuits = new CircuitDirectory();
        if (PlanJson.Load(new ShapingPaths(config).AppliedPlan) is { } applied)
            circuits.Load(applied);

        services.AddSingleton(TimeProvider.System);
        // Long-lived web UI streams must not hold a stop (and systemd's restart) for the default 30 s.
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(new ConfigHolder(configPath, config));
        services.AddSingleton(new BusServerOptions { SocketPath = config.Lqosd.BusSocket, Group = config.Lqosd.BusGroup, MaxFrameBytes = (int)config.Lqosd.BusMaxFrameBytes });
        var topology = new TopologyRuntimePublisher();
        services.AddSingleton(topology);
        services.AddSingleton(new ShapingRefresh(new ProcessTcRunner(), new ProcessTcInspector(), new SysfsQueueCounter(), new ProcBootClock(), topology));
        services.AddSingleton(session.DataPlane);
        services.AddSingleton<IIpMappingTable>(new DataPlaneIpMappingTable(session.DataPlane.Mappings, session.ShapingCpus));
        services.AddSingleton(circuits);
        services.AddSingleton<ThroughputTracker>();
        services.AddSingleton<IThroughputSource>(provider => provider.GetRequiredService<ThroughputTracker>());
        services.AddSingleton<QueueStatsTracker>();
        services.AddSingleton<ITcStatisticsReader>(new ProcessTcStatistics());
        services.AddSingleton<HistorySampler>();
        services.AddSingleton(new HistoryArchive(Path.Combine(config.StateDirectory, "history", "history.db")));
        services.AddSingleton<FlowInsight>();
        services.AddSingleton<ICircuitInsightSource>(provider => provider.GetRequiredService<FlowInsight>());
        services.AddSingleton<SchedulerStatusStore>();
        services.AddSingleton<UrgentIssueStore>();
        services.AddSingleton<Blackboard>();
        services.AddSingleton<ShapingCoordinator>();
        services.AddSingleton<IBusRequestHandler, LqosdRequestHandler>();
        services.AddSingleton<UnixSocketBusServer>();
        services.AddSystemdNotify();
        services.AddHostedService<LqosdHostedService>();
        services.AddHostedService<DataPlaneService>();
        services.AddHostedService<QueueStatsService>();
        services.AddHostedService<HistoryService>();
        services.AddHostedService<WatchdogService>();
        services.AddSingleton<TopologyRuntimeService>();
        services.AddHostedService(provider => provider.GetRequiredService<TopologyRuntimeService>());
        services.AddLqosdWebUi();
        return services;
    }

    /// <summary>
    /// systemd's Type=notify through Microsoft.Extensions.Hosting.Systemd: READY=1 once the host has started, STOPPING=1
    /// when it stops, SIGTERM as a clean stop. <c>AddSystemd</c> switches itself on only when systemd is the parent
    /// process; lqosd speaks the protocol to whichever NOTIFY_SOCKET it is given (systemd, a supervisor, the tests).
    /// </summary>
    private static void AddSystemdNotify(this IServiceCollection services)
    {
        services.AddSystemd();
        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
    }
}
