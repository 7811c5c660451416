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
using LibreQoS.Tc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        services.AddSingleton(new ShapingRefresh(new ProcessTcRunner(), new ProcessTcInspector(), new SysfsQueueCounter(), new ProcBootClock()));
        services.AddSingleton(session.DataPlane);
        services.AddSingleton<IIpMappingTable>(new DataPlaneIpMappingTable(session.DataPlane.Mappings, session.ShapingCpus));
        services.AddSingleton(circuits);
        services.AddSingleton<ThroughputTracker>();
        services.AddSingleton<IThroughputSource>(provider => provider.GetRequiredService<ThroughputTracker>());
        services.AddSingleton<FlowInsight>();
        services.AddSingleton<ICircuitInsightSource>(provider => provider.GetRequiredService<FlowInsight>());
        services.AddSingleton<SchedulerStatusStore>();
        services.AddSingleton<UrgentIssueStore>();
        services.AddSingleton<Blackboard>();
        services.AddSingleton<ShapingCoordinator>();
        services.AddSingleton<IBusRequestHandler, LqosdRequestHandler>();
        services.AddSingleton<UnixSocketBusServer>();
        services.AddSingleton(new SdNotify());
        services.AddHostedService<LqosdHostedService>();
        services.AddHostedService<DataPlaneService>();
        services.AddHostedService<WatchdogService>();
        services.AddLqosdWebUi();
        return services;
    }
}
