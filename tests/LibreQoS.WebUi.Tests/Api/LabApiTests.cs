using System.Net;
using System.Text.Json.Nodes;
using LibreQoS.Bus.Protocol;
using LibreQoS.WebUi.Auth;
using LibreQoS.WebUi.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LibreQoS.WebUi.Tests.Api;

/// <summary>The web UI over real HTTP on 127.0.0.1, with lqosd's stores and bus behind it.</summary>
public sealed class LabApiTests : IAsyncLifetime
{
    private LqosdLab _lab = null!;
    private WebUiClient _admin = null!;

    public async Task InitializeAsync()
    {
        _lab = await LqosdLab.StartAsync();
        _admin = new WebUiClient(_lab.BaseUri);
        (await _admin.LoginAsync("admin", LqosdLab.AdminPassword)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _lab.DisposeAsync();
    }

    [Fact]
    public void EveryWriteEndpoint_OutsideSignIn_RequiresTheAdminPolicy()
    {
        var endpoints = _lab.WebServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var writes = endpoints.Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Any(m => m != "GET") == true)
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/api/auth", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(writes);
        Assert.All(writes, e => Assert.Contains(e.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == WebUiPolicies.Admin));
    }

    [Fact]
    public async Task SchedulerErrorOverTheBus_ShowsInTheSchedulerApi()
    {
        await _lab.SendOverBusAsync(new SchedulerError("integrationSplynx.py: timeout", "/tmp/lqos_scheduler__splynx.log"));

        var status = await _admin.GetJsonAsync("/api/scheduler");

        Assert.Equal("error", status["state"]!.GetValue<string>());
        Assert.Equal("integrationSplynx.py: timeout", status["error"]!.GetValue<string>());
        Assert.Equal("/tmp/lqos_scheduler__splynx.log", status["errorLogPath"]!.GetValue<string>());
    }

    [Fact]
    public async Task UrgentIssueOverTheBus_ListedThenAcknowledged()
    {
        await _lab.SendOverBusAsync(new SubmitUrgentIssue("scheduler", "warning", "IMPORT", "Import failed"));
        var issues = (await _admin.GetJsonAsync("/api/urgent")).AsArray();
        long id = issues.Single()!["id"]!.GetValue<long>();

        using var ack = await _admin.PostAsync($"/api/urgent/{id}/ack");
        using var again = await _admin.PostAsync($"/api/urgent/{id}/ack");

        Assert.Equal(HttpStatusCode.NoContent, ack.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty((await _admin.GetJsonAsync("/api/urgent")).AsArray());
    }

    [Fact]
    public async Task DashboardStream_SendsASnapshotEverySecond()
    {
        using var response = await _admin.Raw.GetAsync("/api/dashboard/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var started = DateTime.UtcNow;
        var snapshots = new List<JsonNode>();

        while (snapshots.Count < 3 && await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                snapshots.Add(JsonNode.Parse(line[6..])!);
        }

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3.5));
        Assert.Equal(10, snapshots[0]["topCircuits"]!.AsArray().Count);
        Assert.Equal(24, snapshots[0]["daemon"]!["shapedCircuits"]!.GetValue<int>());
        Assert.True(snapshots[0]["unshaped"]!["down"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task ConfigSave_AsAdmin_WritesTheFileAndNeverReturnsSecrets()
    {
        using var response = await _admin.PostAsync("/api/config", new { changes = new Dictionary<string, string> { ["node_name"] = "Edge 7" } });
        var view = await _admin.GetJsonAsync("/api/config");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Edge 7", _lab.Config.Current.NodeName);
        Assert.Contains("node_name = \"Edge 7\"", await File.ReadAllTextAsync(_lab.ConfigPath), StringComparison.Ordinal);
        Assert.All(view["settings"]!.AsArray().Where(s => s!["secret"]!.GetValue<bool>()), s => Assert.Null(s!["value"]));
    }

    [Fact]
    public async Task Circuits_PagedSortedAndSearchedByTheServer()
    {
        var page = await _admin.GetJsonAsync("/api/circuits?sort=traffic&desc=true&limit=2&offset=1");
        var search = await _admin.GetJsonAsync("/api/circuits?search=100.64.0.3");

        Assert.Equal(24, page["total"]!.GetValue<int>());
        Assert.Equal(["C23", "C22"], page["rows"]!.AsArray().Select(r => r!["circuitId"]!.GetValue<string>()));
        Assert.Equal("C4", search["rows"]!.AsArray().Single()!["circuitId"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownApiPath_Is404NotTheIndexPage()
    {
        using var response = await _admin.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
