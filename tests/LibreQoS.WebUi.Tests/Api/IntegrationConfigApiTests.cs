using System.Net;
using System.Text.Json.Nodes;
using LibreQoS.WebUi.Tests.Infrastructure;

namespace LibreQoS.WebUi.Tests.Api;

/// <summary>The integration editors (UISP, Splynx, Netzur, VISP, Powercode, Sonar, WISPGate) over real HTTP.</summary>
public sealed class IntegrationConfigApiTests : IAsyncLifetime
{
    private LqosdLab _lab = null!;
    private WebUiClient _admin = null!;

    public async Task InitializeAsync()
    {
        _lab = await LqosdLab.StartAsync(sites: 1, circuitsPerSite: 1);
        _admin = new WebUiClient(_lab.BaseUri);
        (await _admin.LoginAsync("admin", LqosdLab.AdminPassword)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _lab.DisposeAsync();
    }

    private async Task<JsonNode> SettingAsync(string key) =>
        (await _admin.GetJsonAsync("/api/config"))["settings"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == key)!;

    [Fact]
    public async Task EveryIntegration_HasAnEditorSection()
    {
        var sections = (await _admin.GetJsonAsync("/api/config"))["settings"]!.AsArray().Select(s => s!["section"]!.GetValue<string>()).ToHashSet();

        Assert.Superset(new HashSet<string> { "UISP", "Splynx", "Netzur", "VISP", "Powercode", "Sonar", "WISPGate" }, sections);
    }

    [Fact]
    public async Task SplynxSave_WritesTheFileBacksUpAndMasksTheSecrets()
    {
        string before = await File.ReadAllTextAsync(_lab.ConfigPath);

        using var response = await _admin.PostAsync("/api/config", new
        {
            changes = new Dictionary<string, string>
            {
                ["splynx_integration.enable_splynx"] = "true",
                ["splynx_integration.url"] = "https://splynx.example.net",
                ["splynx_integration.api_key"] = "key-5f1e",
                ["splynx_integration.api_secret"] = "secret-9a7c",
                ["splynx_integration.strategy"] = "full",
            },
        });
        using var raw = await _admin.GetAsync("/api/config");
        string body = await raw.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var splynx = _lab.Config.Current.Splynx;
        Assert.True(splynx.EnableSplynx);
        Assert.Equal(("https://splynx.example.net", "key-5f1e", "secret-9a7c", "full"), (splynx.Url, splynx.ApiKey, splynx.ApiSecret, splynx.Strategy));
        Assert.Equal(before, await File.ReadAllTextAsync(_lab.ConfigPath + ".webbackup"));
        Assert.DoesNotContain("key-5f1e", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-9a7c", body, StringComparison.Ordinal);
        var key = await SettingAsync("splynx_integration.api_key");
        Assert.True(key["secret"]!.GetValue<bool>());
        Assert.True(key["configured"]!.GetValue<bool>());
        Assert.Null(key["value"]);
        Assert.Equal("https://splynx.example.net", (await SettingAsync("splynx_integration.url"))["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task WispGateSecret_SentEmpty_KeepsTheValue_AndIsNeverShown()
    {
        using var first = await _admin.PostAsync("/api/config", new
        {
            changes = new Dictionary<string, string> { ["wispgate_integration.wispgate_api_token"] = "wg-token-31", ["wispgate_integration.wispgate_api_url"] = "https://wg.example.net/api" },
        });
        var unset = await SettingAsync("sonar_integration.sonar_api_key");

        using var second = await _admin.PostAsync("/api/config", new
        {
            changes = new Dictionary<string, string> { ["wispgate_integration.wispgate_api_token"] = "", ["wispgate_integration.enable_wispgate"] = "true" },
        });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var wispgate = _lab.Config.Current.WispGate!;
        Assert.Equal(("wg-token-31", "https://wg.example.net/api", true), (wispgate.WispgateApiToken, wispgate.WispgateApiUrl, wispgate.EnableWispgate));
        var token = await SettingAsync("wispgate_integration.wispgate_api_token");
        Assert.Equal((true, true), (token["secret"]!.GetValue<bool>(), token["configured"]!.GetValue<bool>()));
        Assert.Null(token["value"]);
        Assert.False(unset["configured"]!.GetValue<bool>());
        Assert.Null(unset["value"]);
    }

    [Fact]
    public async Task UispSave_InvalidValues_AreRefusedTogether_AndNothingIsWritten()
    {
        string before = await File.ReadAllTextAsync(_lab.ConfigPath);

        using var response = await _admin.PostAsync("/api/config", new
        {
            changes = new Dictionary<string, string>
            {
                ["uisp_integration.url"] = "ftp://uisp.example.net",
                ["uisp_integration.strategy"] = "everything",
                ["uisp_integration.airmax_capacity"] = "lots",
                ["uisp_integration.token"] = "tok-should-not-echo",
            },
        });
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var errors = result["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(result["saved"]!.GetValue<bool>());
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("uisp_integration.url:", StringComparison.Ordinal) && e.Contains("https://", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("uisp_integration.strategy:", StringComparison.Ordinal) && e.Contains("ap_site", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("uisp_integration.airmax_capacity:", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("tok-should-not-echo", StringComparison.Ordinal));
        Assert.Equal(before, await File.ReadAllTextAsync(_lab.ConfigPath));
        Assert.False(File.Exists(_lab.ConfigPath + ".webbackup"));
    }

    [Fact]
    public async Task NetzurSave_ValidValues_AddTheSection()
    {
        using var response = await _admin.PostAsync("/api/config", new
        {
            changes = new Dictionary<string, string>
            {
                ["netzur_integration.enable_netzur"] = "true",
                ["netzur_integration.api_url"] = "https://netzur.example.net/api",
                ["netzur_integration.timeout_secs"] = "45",
                ["uisp_integration.airmax_capacity"] = "0.7",
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("https://netzur.example.net/api", 45L), (_lab.Config.Current.Netzur!.ApiUrl, _lab.Config.Current.Netzur!.TimeoutSecs));
        Assert.Equal(0.7, _lab.Config.Current.Uisp.AirmaxCapacity);
        Assert.Equal("45", (await SettingAsync("netzur_integration.timeout_secs"))["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task VispTokenUrl_IsAnAddressNotASecret_WhileItsPasswordIs()
    {
        var tokenUrl = await SettingAsync("visp_integration.token_url");
        var password = await SettingAsync("visp_integration.password");

        Assert.False(tokenUrl["secret"]!.GetValue<bool>());
        Assert.Equal("https://data.visp.net/token", tokenUrl["value"]!.GetValue<string>());
        Assert.True(password["secret"]!.GetValue<bool>());
    }

    [Fact]
    public async Task IntegrationSave_ReadOnlyUser_Is403_AndTheFileIsUntouched()
    {
        using var viewer = new WebUiClient(_lab.BaseUri);
        (await viewer.LoginAsync("viewer", LqosdLab.ViewerPassword)).EnsureSuccessStatusCode();
        string before = await File.ReadAllTextAsync(_lab.ConfigPath);

        using var response = await viewer.PostAsync("/api/config", new { changes = new Dictionary<string, string> { ["sonar_integration.sonar_api_key"] = "stolen" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await File.ReadAllTextAsync(_lab.ConfigPath));
    }

    [Fact]
    public async Task ListSettings_SavedAsTomlArrays_BackedUp_AndShownAsItems()
    {
        string before = await File.ReadAllTextAsync(_lab.ConfigPath);

        using var response = await _admin.PostAsync("/api/config", new
        {
            changes = new Dictionary<string, object>
            {
                ["uisp_integration.exclude_sites"] = new[] { "Tower, North", "Lab \"B\"" },
                ["sonar_integration.airmax_model_ids"] = new[] { "29", "43" },
                ["sonar_integration.active_status_ids"] = new[] { "1" },
                ["visp_integration.service_type_allowlist"] = new[] { "internet", "fiber" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await File.ReadAllTextAsync(_lab.ConfigPath + ".webbackup"));
        string written = await File.ReadAllTextAsync(_lab.ConfigPath);
        Assert.Contains("airmax_model_ids = [\"29\", \"43\"]", written, StringComparison.Ordinal);
        var current = _lab.Config.Current;
        Assert.Equal(["Tower, North", "Lab \"B\""], current.Uisp.ExcludeSites);
        Assert.Equal(["29", "43"], current.Sonar.AirmaxModelIds);
        Assert.Equal(["1"], current.Sonar.ActiveStatusIds);
        Assert.Equal(["internet", "fiber"], current.Visp!.ServiceTypeAllowlist);
        var shown = await SettingAsync("uisp_integration.exclude_sites");
        Assert.Equal("List", shown["kind"]!.GetValue<string>());
        Assert.Equal(["Tower, North", "Lab \"B\""], shown["items"]!.AsArray().Select(i => i!.GetValue<string>()));
    }

    [Fact]
    public async Task ListSettings_BadItems_RefusedNamingKeyAndItem_AndNothingIsWritten()
    {
        string before = await File.ReadAllTextAsync(_lab.ConfigPath);

        using var response = await _admin.PostAsync("/api/config", new
        {
            changes = new Dictionary<string, object>
            {
                ["sonar_integration.ltu_model_ids"] = new[] { "12", "LTU-Rocket" },
                ["uisp_integration.exclude_sites"] = "Lab, Tower",
            },
        });
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["sonar_integration.ltu_model_ids: item 2 'LTU-Rocket' is not a numeric id", "uisp_integration.exclude_sites: expected a list of text items"], errors);
        Assert.Equal(before, await File.ReadAllTextAsync(_lab.ConfigPath));
        Assert.False(File.Exists(_lab.ConfigPath + ".webbackup"));
    }
}
