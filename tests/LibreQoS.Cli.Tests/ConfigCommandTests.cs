using System.Text.Json;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.TestKit;

namespace LibreQoS.Cli.Tests;

/// <summary><c>lqos config show</c>: the typed config liblqos_python's getters read.</summary>
public class ConfigCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    [Fact]
    public void ShowJson_FullFixture_IsTheReadersModelWithDerivedValues()
    {
        var result = Executables.Run("lqos", ["config", "show", "--json", "--config", Fixture("lqos-full.conf")]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        var model = LqosConfigReader.Read(Fixture("lqos-full.conf"), new DiagnosticBag())!;
        Assert.Equal(LqosConfigJson.Serialize(model), root.GetRawText());
        Assert.Equal(("enp1s0f2", "enp1s0f1", false), (root.GetProperty("interface_a").GetString(), root.GetProperty("interface_b").GetString(),
            root.GetProperty("on_a_stick").GetBoolean()));
        Assert.Equal("/srv/lqos/state-custom", root.GetProperty("state_directory").GetString());
        Assert.Equal(1500.5, root.GetProperty("queues").GetProperty("effective_fast_queues_fq_codel").GetDouble());
        Assert.Equal("Htb", root.GetProperty("queues").GetProperty("lazy_queues").GetString());
    }

    [Fact]
    public void ShowJson_MinimalFixture_FillsEveryDefault()
    {
        var result = Executables.Run("lqos", ["config", "show", "--json"], new Dictionary<string, string?> { ["LQOS_CONFIG"] = Fixture("lqos-minimal.conf") });

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var queues = json.RootElement.GetProperty("queues");
        Assert.Equal("cake diffserv4", queues.GetProperty("default_sqm").GetString());
        Assert.Equal(1000, queues.GetProperty("effective_fast_queues_fq_codel").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("netzur").ValueKind);
        Assert.Equal("/opt/libreqos/state", json.RootElement.GetProperty("state_directory").GetString());
    }

    [Fact]
    public void Show_WithoutJson_PrintsDottedKeys()
    {
        var result = Executables.Run("lqos", ["config", "show", "--config", Fixture("lqos-minimal.conf")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("queues.default_sqm = \"cake diffserv4\"", result.OutputLines);
        Assert.Contains("bridge.to_network = \"eth1\"", result.OutputLines);
    }

    [Fact]
    public void Show_BrokenConfig_ExitsOneWithTheErrorOnStderrOnly()
    {
        string path = _dir.Write("lqos.conf", File.ReadAllText(Fixture("lqos-minimal.conf")).Replace("to_network = \"eth1\"", "to_network = 5", StringComparison.Ordinal));

        var result = Executables.Run("lqos", ["config", "show", "--json", "--config", path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains("bridge.to_network", result.StandardError, StringComparison.Ordinal);
    }
}
