using System.Net;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Service.State;
using LibreQoS.Service.WebUi;
using LibreQoS.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LibreQoS.WebUi.Tests.LqosdQueries;

/// <summary>lqosd's wiring: AddLqosdWebUi over lqosd's stores, started as lqosd starts its hosted services.</summary>
public sealed class WebUiHostedServiceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ServiceProvider Lqosd(string extraTopLevelKeys)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", _dir.File("src"), StringComparison.Ordinal)
            .Replace("queue_check_period_ms = 1000", "queue_check_period_ms = 1000\n" + extraTopLevelKeys, StringComparison.Ordinal);
        string path = _dir.Write("lqos.conf", text);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ConfigHolder(path, LqosConfigReader.Read(path, new DiagnosticBag())!));
        services.AddSingleton<IThroughputSource>(new NoThroughput());
        services.AddSingleton<SchedulerStatusStore>();
        services.AddSingleton<UrgentIssueStore>();
        services.AddLqosdWebUi();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Start_ListensOnWebserverListenAndServesHealth()
    {
        await using var provider = Lqosd("webserver_listen = \"127.0.0.1:0\"");
        var service = provider.GetRequiredService<WebUiHostedService>();

        await service.StartAsync(default);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(new Uri(service.Addresses.Single()), "/health"));
        await service.StopAsync(default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Directory.Exists(Path.Combine(_dir.Path, "state", "webui", "keys")));
    }

    [Theory]
    [InlineData("disable_webserver = true\nwebserver_listen = \"127.0.0.1:0\"")]
    [InlineData("webserver_listen = \"nonsense\"")]
    public async Task Start_DisabledOrBadAddress_DoesNotListenAndDoesNotThrow(string keys)
    {
        await using var provider = Lqosd(keys);
        var service = provider.GetRequiredService<WebUiHostedService>();

        await service.StartAsync(default);
        await service.StopAsync(default);

        Assert.Empty(service.Addresses);
    }

    [Fact]
    public async Task Start_PortTaken_LogsAndLqosdGoesOn()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var provider = Lqosd($"webserver_listen = \"127.0.0.1:{port}\"");
        var service = provider.GetRequiredService<WebUiHostedService>();

        await service.StartAsync(default);

        Assert.Empty(service.Addresses);
    }
}
