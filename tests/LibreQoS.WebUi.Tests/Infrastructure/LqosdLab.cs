using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.Bus.Server;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Core.Shaping;
using LibreQoS.Service.Handling;
using LibreQoS.Service.State;
using LibreQoS.Service.WebUi;
using LibreQoS.Shaping;
using LibreQoS.TestKit;
using LibreQoS.WebUi.Auth;
using LibreQoS.WebUi.Circuits;
using LibreQoS.WebUi.Config;
using LibreQoS.WebUi.Dashboard;
using LibreQoS.WebUi.Network;
using LibreQoS.WebUi.Scheduler;
using LibreQoS.WebUi.Urgent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.WebUi.Tests.Infrastructure;

/// <summary>
/// lqosd's state, bus and web UI in the test process: a temp lqos.conf and applied plan, the real stores and
/// request handler behind a Unix-socket bus, and the web UI on 127.0.0.1 with a free port. Users: admin and viewer.
/// </summary>
public sealed class LqosdLab : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-1";
    public const string ViewerPassword = "viewer-password-1";

    private readonly TempDirectory _dir = new();
    private readonly ShapingCoordinator _coordinator;
    private readonly UnixSocketBusServer _bus;
    private readonly WebApplication _app;

    private LqosdLab(ShapingPlan plan, bool withUsers)
    {
        string src = Directory.CreateDirectory(_dir.File("src")).FullName;
        ConfigPath = _dir.Write("lqos.conf", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", src, StringComparison.Ordinal));
        var config = LqosConfigReader.Read(ConfigPath, new DiagnosticBag())!;
        Config = new ConfigHolder(ConfigPath, config);
        var paths = new ShapingPaths(config);
        Directory.CreateDirectory(paths.Shaping);
        File.WriteAllText(paths.AppliedPlan, PlanJson.Serialize(plan));

        var clock = TimeProvider.System;
        Scheduler = new SchedulerStatusStore(clock);
        Urgent = new UrgentIssueStore(clock);
        var throughput = new FakeThroughput(plan);
        var mappings = new InMemoryIpMappingTable();
        _coordinator = new ShapingCoordinator(Config, new ShapingRefresh(new RecordingTcRunner(), new FakeTcInspector(true), new OneQueue(), new BootedLongAgo()),
            mappings, new CircuitDirectory());
        var handler = new LqosdRequestHandler(Config, _coordinator, mappings, Scheduler, Urgent, new Blackboard(), throughput,
            NullLogger<LqosdRequestHandler>.Instance);
        BusSocket = _dir.File("bus");
        _bus = new UnixSocketBusServer(new BusServerOptions { SocketPath = BusSocket }, handler, NullLogger<UnixSocketBusServer>.Instance);
        _bus.Start();

        var options = WebUiHostedService.OptionsFor(config, "http://127.0.0.1:0");
        UsersFile = options.UsersFile;
        if (withUsers)
        {
            var users = new UserStore(UsersFile);
            users.Save("admin", AdminPassword, UserRole.Admin);
            users.Save("viewer", ViewerPassword, UserRole.ReadOnly);
        }
        var planCache = new AppliedPlanCache(() => paths.AppliedPlan);
        _app = WebUiApplication.Build(options, NullLoggerFactory.Instance, services =>
        {
            services.AddSingleton<IDashboardQueries>(new LqosdDashboardQueries(throughput, Scheduler, Urgent, planCache, clock));
            services.AddSingleton<ICircuitQueries>(new LqosdCircuitQueries(planCache, throughput));
            services.AddSingleton<INetworkQueries>(new LqosdNetworkQueries(planCache, throughput));
            services.AddSingleton<ISchedulerQueries>(new LqosdSchedulerQueries(Scheduler));
            services.AddSingleton<IUrgentQueries>(new LqosdUrgentQueries(Urgent));
            services.AddSingleton<IConfigQueries>(new LqosdConfigQueries(Config));
        });
    }

    public string ConfigPath { get; }

    public ConfigHolder Config { get; }

    public SchedulerStatusStore Scheduler { get; }

    public UrgentIssueStore Urgent { get; }

    public string BusSocket { get; }

    public string UsersFile { get; }

    public Uri BaseUri { get; private set; } = null!;

    public IServiceProvider WebServices => _app.Services;

    public static Task<LqosdLab> StartAsync(int sites = 4, int circuitsPerSite = 6, bool withUsers = true) =>
        StartAsync(TestPlans.Build(sites, circuitsPerSite), withUsers);

    /// <summary>A lab whose applied plan is <paramref name="plan"/>.</summary>
    public static async Task<LqosdLab> StartAsync(ShapingPlan plan, bool withUsers = true)
    {
        var lab = new LqosdLab(plan, withUsers);
        var addresses = await WebUiApplication.StartAsync(lab._app, default);
        lab.BaseUri = new Uri(addresses.Single());
        return lab;
    }

    /// <summary>Sends requests to lqosd the way lqos_scheduler and Python scripts do: over the Unix socket.</summary>
    public async Task<BusResponse> SendOverBusAsync(BusRequest request)
    {
        await using var client = await BusClient.ConnectAsync(BusSocket);
        return await client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _bus.DisposeAsync();
        _coordinator.Dispose();
        _dir.Dispose();
    }

    private sealed class OneQueue : IQueueCounter
    {
        public int? TxQueues(string device) => 1;

        public int CpuCount => 1;
    }

    private sealed class BootedLongAgo : IBootClock
    {
        public DateTime BootTimeUtc => DateTime.MinValue;
    }
}
