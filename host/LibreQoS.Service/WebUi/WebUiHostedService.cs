using LibreQoS.Config.LqosConf;
using LibreQoS.Service.State;
using LibreQoS.WebUi;
using LibreQoS.WebUi.Auth;
using LibreQoS.WebUi.Circuits;
using LibreQoS.WebUi.Config;
using LibreQoS.WebUi.Dashboard;
using LibreQoS.WebUi.Network;
using LibreQoS.WebUi.Scheduler;
using LibreQoS.WebUi.Urgent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Service.WebUi;

/// <summary>
/// Runs the web UI inside lqosd on <c>webserver_listen</c>. As upstream, a web server that cannot start (address in
/// use, bad address) is logged and lqosd keeps shaping; <c>disable_webserver = true</c> skips it.
/// </summary>
public sealed partial class WebUiHostedService(ConfigHolder config, IServiceProvider lqosd, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<WebUiHostedService>();
    private WebApplication? _app;

    /// <summary>The addresses the UI listens on; empty when it is disabled or could not start.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    /// <summary>The users file and session keys live in lqosd's state directory, readable by root only.</summary>
    public static string WebUiDirectory(LqosConfig config) => Path.Combine(config.StateDirectory, "webui");

    public static WebUiOptions OptionsFor(LqosConfig config, string url) => new()
    {
        Urls = [url],
        UsersFile = UserStore.PathIn(config.StateDirectory),
        KeysDirectory = Path.Combine(WebUiDirectory(config), "keys"),
        SecureCookies = config.Ssl?.Enabled == true,
        Version = typeof(WebUiHostedService).Assembly.GetName().Version?.ToString(3) ?? "dev",
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var current = config.Current;
        if (current.DisableWebserver == true)
        {
            Log.Disabled(_logger);
            return;
        }
        if (ListenAddress.ToUrl(current.WebserverListen) is not { } url)
        {
            Log.BadListen(_logger, current.WebserverListen, config.Path);
            return;
        }
        try
        {
            _app = WebUiApplication.Build(OptionsFor(current, url), loggerFactory, AddQueries);
            Addresses = await WebUiApplication.StartAsync(_app, cancellationToken).ConfigureAwait(false);
            // Index the applied plan now (a second or so at 100k circuits), so the first visitor does not wait for it.
            var plans = lqosd.GetRequiredService<AppliedPlanCache>();
            _ = Task.Run(() => plans.Current, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Log.StartFailed(_logger, url, ex.Message);
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }

    /// <summary>The web UI gets lqosd's query objects, not its container: it sees only the interfaces it asks for.</summary>
    private void AddQueries(IServiceCollection services)
    {
        services.AddSingleton(lqosd.GetRequiredService<IDashboardQueries>());
        services.AddSingleton(lqosd.GetRequiredService<ICircuitQueries>());
        services.AddSingleton(lqosd.GetRequiredService<INetworkQueries>());
        services.AddSingleton(lqosd.GetRequiredService<ISchedulerQueries>());
        services.AddSingleton(lqosd.GetRequiredService<IUrgentQueries>());
        services.AddSingleton(lqosd.GetRequiredService<IConfigQueries>());
    }

    private static partial class Log
    {
        [LoggerMessage(3900, LogLevel.Information, "web UI disabled (disable_webserver = true in lqos.conf)")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(3901, LogLevel.Error, "web UI not started: webserver_listen '{Listen}' is not ADDRESS:PORT (e.g. ':::9123' or '0.0.0.0:9123'); fix it in {Path} and restart lqosd")]
        public static partial void BadListen(ILogger logger, string listen, string path);

        [LoggerMessage(3902, LogLevel.Error, "web UI not started on {Url}: {Reason}. Shaping goes on; free the port or change webserver_listen in lqos.conf, then restart lqosd")]
        public static partial void StartFailed(ILogger logger, string url, string reason);
    }
}

/// <summary>Registers the web UI's queries over lqosd's state, and the hosted service that serves them.</summary>
public static class WebUiServices
{
    public static IServiceCollection AddLqosdWebUi(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var config = provider.GetRequiredService<ConfigHolder>();
            return new AppliedPlanCache(() => new Shaping.ShapingPaths(config.Current).AppliedPlan);
        });
        services.AddSingleton<IDashboardQueries, LqosdDashboardQueries>();
        services.AddSingleton<ICircuitQueries, LqosdCircuitQueries>();
        services.AddSingleton<INetworkQueries, LqosdNetworkQueries>();
        services.AddSingleton<ISchedulerQueries, LqosdSchedulerQueries>();
        services.AddSingleton<IUrgentQueries, LqosdUrgentQueries>();
        services.AddSingleton<IConfigQueries, LqosdConfigQueries>();
        services.AddSingleton<WebUiHostedService>();
        services.AddHostedService(provider => provider.GetRequiredService<WebUiHostedService>());
        return services;
    }
}
