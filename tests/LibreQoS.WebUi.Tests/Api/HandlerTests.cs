using System.Text.Json;
using LibreQoS.WebUi.Auth;
using LibreQoS.WebUi.Circuits;
using LibreQoS.WebUi.Config;
using LibreQoS.WebUi.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.WebUi.Tests.Api;

/// <summary>The endpoint handlers called directly, with hand-written query fakes.</summary>
public class HandlerTests
{
    private sealed class RecordingCircuits : ICircuitQueries
    {
        public CircuitQuery? Last { get; private set; }

        public CircuitPage Page(CircuitQuery query)
        {
            Last = query;
            return new CircuitPage(0, query.Offset, []);
        }

        public CircuitDetail? Find(string circuitId) => null;
    }

    private sealed class FakeConfig : IConfigQueries
    {
        public IReadOnlyDictionary<string, object>? Saved { get; private set; }

        public ConfigView Read() => new("/etc/lqos.conf",
        [
            new ConfigSetting("General", "node_name", "Node name", SettingKind.Text, "Edge", false, true),
            new ConfigSetting("Queues", "queues.monitor_only", "Monitor only", SettingKind.Boolean, "false", false, true),
            new ConfigSetting("Queues", "queues.downlink_bandwidth_mbps", "Downlink", SettingKind.Number, "1000", false, true),
            new ConfigSetting("UISP", "uisp_integration.token", "Token", SettingKind.Text, null, true, true),
            new ConfigSetting("UISP", "uisp_integration.exclude_sites", "Sites to leave out", SettingKind.List, null, false, false, Items: []),
            new ConfigSetting("Sonar", "sonar_integration.airmax_model_ids", "airMAX ids", SettingKind.IdList, null, false, false, Items: []),
        ]);

        public ConfigSaveResult Save(IReadOnlyDictionary<string, object> changes)
        {
            Saved = changes;
            return new ConfigSaveResult(true, []);
        }
    }

    [Fact]
    public void CircuitsList_LimitAndOffsetOutOfRange_AreClamped()
    {
        var circuits = new RecordingCircuits();

        CircuitEndpoints.List(circuits, search: "  smith ", sort: "TRAFFIC", desc: true, offset: -5, limit: 100_000);

        Assert.Equal(new CircuitQuery("smith", CircuitSort.Traffic, true, 0, CircuitEndpoints.MaxPageSize), circuits.Last);
    }

    [Fact]
    public void CircuitsList_UnknownSort_IsBadRequestNamingTheChoices()
    {
        var result = CircuitEndpoints.List(new RecordingCircuits(), sort: "colour");

        var bad = Assert.IsType<BadRequest<ErrorView>>(result.Result);
        Assert.Contains("name, id, parent, download, upload, traffic", bad.Value!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CircuitGet_Unknown_IsNotFound()
    {
        Assert.IsType<NotFound>(CircuitEndpoints.Get("nope", new RecordingCircuits()).Result);
    }

    private static ConfigChange Change(Dictionary<string, object> values) =>
        new(values.ToDictionary(v => v.Key, v => JsonSerializer.SerializeToElement(v.Value)));

    [Fact]
    public void ConfigSave_Lists_ItemsTrimmedAndSavedAsAList()
    {
        var config = new FakeConfig();
        var change = Change(new Dictionary<string, object>
        {
            ["uisp_integration.exclude_sites"] = new[] { " Tower, North ", "Lab" }, ["sonar_integration.airmax_model_ids"] = new[] { "29", "43" },
        });

        var result = ConfigEndpoints.Save(change, config, new DefaultHttpContext(), NullLogger<ConfigChange>.Instance);

        Assert.IsType<Ok<ConfigSaveResult>>(result.Result);
        Assert.Equal(["Tower, North", "Lab"], Assert.IsAssignableFrom<IReadOnlyList<string>>(config.Saved!["uisp_integration.exclude_sites"]));
        Assert.Equal(["29", "43"], Assert.IsAssignableFrom<IReadOnlyList<string>>(config.Saved!["sonar_integration.airmax_model_ids"]));
    }

    [Fact]
    public void ConfigSave_BadLists_EveryItemProblemNamedAndNothingSaved()
    {
        var config = new FakeConfig();
        var change = Change(new Dictionary<string, object>
        {
            ["uisp_integration.exclude_sites"] = new object[] { "Lab", " ", "Lab", 7, "two\nlines" },
            ["sonar_integration.airmax_model_ids"] = new[] { "29", "AC-Lite" },
            ["node_name"] = new[] { "not", "a", "list", "setting" },
        });

        var result = ConfigEndpoints.Save(change, config, new DefaultHttpContext(), NullLogger<ConfigChange>.Instance);

        var bad = Assert.IsType<BadRequest<ConfigSaveResult>>(result.Result);
        Assert.Equal(
        [
            "uisp_integration.exclude_sites: item 2 is empty",
            "uisp_integration.exclude_sites: item 3 'Lab' is listed twice",
            "uisp_integration.exclude_sites: item 4 is not text",
            "uisp_integration.exclude_sites: item 5 contains a line break or control character",
            "sonar_integration.airmax_model_ids: item 2 'AC-Lite' is not a numeric id",
            "node_name: expected the value as text, got array",
        ], bad.Value!.Errors);
        Assert.Null(config.Saved);
    }

    [Fact]
    public void ConfigSave_ValuesParsedToTheirKindAndEmptySecretKept()
    {
        var config = new FakeConfig();
        var change = Change(new Dictionary<string, object>
        {
            ["node_name"] = "Core 2", ["queues.monitor_only"] = "true", ["queues.downlink_bandwidth_mbps"] = "2500", ["uisp_integration.token"] = "",
        });

        var result = ConfigEndpoints.Save(change, config, new DefaultHttpContext(), NullLogger<ConfigChange>.Instance);

        Assert.IsType<Ok<ConfigSaveResult>>(result.Result);
        Assert.Equal(new Dictionary<string, object> { ["node_name"] = "Core 2", ["queues.monitor_only"] = true, ["queues.downlink_bandwidth_mbps"] = 2500L },
            config.Saved);
    }

    [Fact]
    public void ConfigSave_UnknownKeyOrBadValue_ReportsEveryProblemAndSavesNothing()
    {
        var config = new FakeConfig();
        var change = Change(new Dictionary<string, object>
        {
            ["bridge.to_internet"] = "eth9", ["queues.monitor_only"] = "maybe", ["queues.downlink_bandwidth_mbps"] = "fast",
        });

        var result = ConfigEndpoints.Save(change, config, new DefaultHttpContext(), NullLogger<ConfigChange>.Instance);

        var bad = Assert.IsType<BadRequest<ConfigSaveResult>>(result.Result);
        Assert.Equal(3, bad.Value!.Errors.Count);
        Assert.Null(config.Saved);
    }

    [Fact]
    public void ConfigSave_BadSecretValue_DoesNotEchoTheSecret()
    {
        var config = new FakeConfig();
        var change = Change(new Dictionary<string, object> { ["queues.monitor_only"] = "super-secret-value" });

        var result = ConfigEndpoints.Save(change, config, new DefaultHttpContext(), NullLogger<ConfigChange>.Instance);

        Assert.IsType<BadRequest<ConfigSaveResult>>(result.Result);
        Assert.Null(config.Saved);
    }

    [Fact]
    public async Task DashboardStream_YieldsASnapshotAtOnceThenEachInterval()
    {
        var queries = new CountingDashboard();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        int seen = 0;

        await foreach (var _ in DashboardEndpoints.Frames(new DashboardFeed(queries, TimeProvider.System), TimeProvider.System, cts.Token))
        {
            if (++seen == 2)
                break;
        }

        Assert.Equal(2, queries.Calls);
    }

    private sealed class CountingDashboard : IDashboardQueries
    {
        public int Calls { get; private set; }

        public DashboardSnapshot Snapshot(int topCircuits)
        {
            Calls++;
            return new DashboardSnapshot(default, default, default, [], new SchedulerView("healthy", null, null, null, null, null, null),
                new DaemonHealth("t", 0, false, 0), 0, 0);
        }
    }
}

public class ListenAddressTests
{
    [Theory]
    [InlineData(":::9123", "http://[::]:9123")]
    [InlineData("0.0.0.0:9123", "http://0.0.0.0:9123")]
    [InlineData("[::1]:8080", "http://[::1]:8080")]
    [InlineData("127.0.0.1:0", "http://127.0.0.1:0")]
    [InlineData("9123", null)]
    [InlineData("localhost:9123", null)]
    [InlineData("0.0.0.0:99999", null)]
    public void ToUrl_UpstreamListenValues(string listen, string? url)
    {
        Assert.Equal(url, ListenAddress.ToUrl(listen));
    }
}

public class SecretKeysTests
{
    [Theory]
    [InlineData("uisp_integration.token", true)]
    [InlineData("splynx_integration.api_key", true)]
    [InlineData("long_term_stats.license_key", true)]
    [InlineData("powercode_integration.powercode_api_key", true)]
    [InlineData("influxdb.password", true)]
    [InlineData("splynx_integration.api_secret", true)]
    [InlineData("sonar_integration.sonar_api_key", true)]
    [InlineData("wispgate_integration.wispgate_api_token", true)]
    [InlineData("visp_integration.client_secret", true)]
    [InlineData("sonar_integration.snmp_community", true)]
    [InlineData("visp_integration.token_url", false)]
    [InlineData("wispgate_integration.wispgate_api_url", false)]
    [InlineData("node_name", false)]
    [InlineData("queues.default_sqm", false)]
    public void IsSecret_ByKeyName(string key, bool secret)
    {
        Assert.Equal(secret, SecretKeys.IsSecret(key));
    }
}
