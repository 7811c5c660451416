using System.Globalization;
using System.Text.Json;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Config.NetworkJson;
using LibreQoS.Shaping.TopologyRuntime;
using LibreQoS.TestKit;

namespace LibreQoS.Shaping.Tests.TopologyRuntime;

public sealed class TopologyRuntimePublisherTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _src;
    private readonly LqosConfig _config;
    private readonly TopologyRuntimePaths _paths;
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    public TopologyRuntimePublisherTests()
    {
        _src = Directory.CreateDirectory(Path.Combine(_dir.Path, "src")).FullName;
        ProcessRunner.GenerateNetwork(_src, circuits: 30, sites: 3, depth: 2);
        _config = ConfigFor(_src, "");
        _paths = new TopologyRuntimePaths(_config);
    }

    public void Dispose() => _dir.Dispose();

    private static LqosConfig ConfigFor(string src, string extra) =>
        LqosConfigReader.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", src, StringComparison.Ordinal) + extra, "lqos.conf", new DiagnosticBag())!;

    private TopologyRuntimeStatus Publish() => new TopologyRuntimePublisher(_clock).Publish(_config);

    private string Csv => Path.Combine(_src, "ShapedDevices.csv");

    [Fact]
    public void Publish_ValidSources_WritesOutputsAndAReadyStatusNamingTheirGenerations()
    {
        var status = Publish();

        Assert.True(status.Ready, status.Error);
        Assert.Null(status.Error);
        Assert.Equal(TopologyGeneration.OfSources(_paths), status.SourceGeneration);
        Assert.Equal(TopologyGeneration.OfFile(_paths.ShapingInputs), status.ShapingGeneration);
        Assert.Equal(TopologyGeneration.OfFile(_paths.EffectiveNetwork), status.EffectiveGeneration);
        Assert.Equal(1_800_000_000, status.GeneratedUnix);
        Assert.Equal(status, TopologyRuntimeStatus.Read(_paths.Status));
        Assert.Null(status.Staleness(TopologyGeneration.OfSources(_paths)));

        var circuits = ShapingInputsDocument.Parse(File.ReadAllBytes(_paths.ShapingInputs)).Circuits;
        Assert.Equal(30, circuits.Count);
        var first = File.ReadAllLines(Csv)[1].Split(',');
        var circuit = circuits.Single(c => c.CircuitId == first[0]);
        Assert.Equal(first[4], circuit.EffectiveParentNodeName);
        Assert.Equal(double.Parse(first[10], CultureInfo.InvariantCulture), circuit.DownloadMaxMbps);
        Assert.Equal(first[6], Assert.Single(circuit.Devices, d => d.DeviceId == first[2]).Ipv4[0].Split('/')[0]);

        var original = NetworkJsonReader.Read(Path.Combine(_src, "network.json"), new DiagnosticBag());
        var effective = NetworkJsonReader.Read(_paths.EffectiveNetwork, new DiagnosticBag());
        Assert.Equal(original.AllNodes().Select(n => (n.Name, n.DownloadMax, n.UploadMax, n.Children.Count)),
            effective.AllNodes().Select(n => (n.Name, n.DownloadMax, n.UploadMax, n.Children.Count)));
    }

    [Fact]
    public void Publish_SameSourcesTwice_GivesByteIdenticalOutputsAndTheSameGenerations()
    {
        var first = Publish();
        byte[] shaping = File.ReadAllBytes(_paths.ShapingInputs);
        File.Delete(_paths.Status); // forces a full compile, not the shortcut for an intact status
        _clock.Advance(TimeSpan.FromMinutes(1));

        var second = Publish();

        Assert.Equal(shaping, File.ReadAllBytes(_paths.ShapingInputs));
        Assert.Equal((first.SourceGeneration, first.ShapingGeneration, first.EffectiveGeneration),
            (second.SourceGeneration, second.ShapingGeneration, second.EffectiveGeneration));
    }

    [Fact]
    public void Publish_ARateEdited_ChangesTheSourceAndShapingGenerationsButNotTheEffectiveNetwork()
    {
        var before = Publish();
        ShapedDevicesEdit.SetFirstRowCell(Csv, ShapedDevicesEdit.DownloadMaxColumn, "77");

        Assert.NotNull(before.Staleness(TopologyGeneration.OfSources(_paths)));
        var after = Publish();

        Assert.True(after.Ready);
        Assert.NotEqual(before.SourceGeneration, after.SourceGeneration);
        Assert.NotEqual(before.ShapingGeneration, after.ShapingGeneration);
        Assert.Equal(before.EffectiveGeneration, after.EffectiveGeneration);
        Assert.Contains(ShapingInputsDocument.Parse(File.ReadAllBytes(_paths.ShapingInputs)).Circuits, c => c.DownloadMaxMbps == 77);
    }

    [Fact]
    public void Publish_OverridesApplied_InBothOutputs()
    {
        var lines = File.ReadAllLines(Csv)[1].Split(',');
        string site = NetworkJsonReader.Read(Path.Combine(_src, "network.json"), new DiagnosticBag()).TopLevel[0].Name;
        File.WriteAllText(Path.Combine(_src, "lqos_overrides.json"), $$"""
            {"circuit_adjustments": [{"type": "circuit_adjust_speed", "circuit_id": "{{lines[0]}}", "max_download_bandwidth": 42.0}],
             "network_adjustments": [{"type": "adjust_site_speed", "site_name": "{{site}}", "download_bandwidth_mbps": 4321, "upload_bandwidth_mbps": null}]}
            """);

        var status = Publish();

        Assert.True(status.Ready, status.Error);
        Assert.Equal(42, ShapingInputsDocument.Parse(File.ReadAllBytes(_paths.ShapingInputs)).Circuits.Single(c => c.CircuitId == lines[0]).DownloadMaxMbps);
        Assert.Equal(4321, NetworkJsonReader.Read(_paths.EffectiveNetwork, new DiagnosticBag()).FindByName(site)!.DownloadMax);
    }

    [Fact]
    public void Publish_BrokenEdit_PublishesNotReadyWithTheErrorAndKeepsTheLastGoodOutputs()
    {
        var good = Publish();
        byte[] shaping = File.ReadAllBytes(_paths.ShapingInputs);
        ShapedDevicesEdit.SetFirstRowCell(Csv, ShapedDevicesEdit.DownloadMaxColumn, "fast");

        var failed = Publish();

        Assert.False(failed.Ready);
        Assert.Equal(TopologyGeneration.OfSources(_paths), failed.SourceGeneration);
        Assert.StartsWith("Validation failed: ", failed.Error);
        Assert.Contains($"{Csv}:2: Download Max Mbps", failed.Error);
        Assert.Equal((good.ShapingGeneration, good.EffectiveGeneration), (failed.ShapingGeneration, failed.EffectiveGeneration));
        Assert.Equal(shaping, File.ReadAllBytes(_paths.ShapingInputs));
        Assert.StartsWith("Topology runtime failed for the current source generation: Validation failed: ", failed.Staleness(failed.SourceGeneration));
        Assert.Equal(failed, TopologyRuntimeStatus.Read(_paths.Status));
    }

    [Fact]
    public void Staleness_OutputReplacedAfterPublishing_IsReported()
    {
        var status = Publish();
        File.AppendAllText(_paths.ShapingInputs, " ");

        Assert.Equal("the published outputs changed after the topology runtime wrote them", status.Staleness(status.SourceGeneration));
        Assert.True(Publish().Ready);
        Assert.Null(TopologyRuntimeStatus.Read(_paths.Status)!.Staleness(status.SourceGeneration));
    }

    [Fact]
    public void SourceGeneration_IsTheDocumentedDigest()
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (string name in new[] { "network.json", "ShapedDevices.csv" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(_src, name));
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{name}\0{bytes.Length}\0"));
            sha.AppendData(bytes);
        }

        Assert.Equal("sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset()), TopologyGeneration.OfSources(_paths));
    }

    [Fact]
    public void Status_Json_HasUpstreamsFieldNames()
    {
        Publish();
        using var json = JsonDocument.Parse(File.ReadAllBytes(_paths.Status));

        Assert.Equal(["schema_version", "source_generation", "shaping_generation", "effective_generation", "ready", "generated_unix",
            "effective_state_path", "effective_network_path", "shaping_inputs_path", "error"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True(File.Exists(json.RootElement.GetProperty("effective_state_path").GetString()));
    }
}

/// <summary>A refresh with an integration enabled (upstream v2.2's ingress mode) shapes from the runtime's outputs.</summary>
public sealed class IngressRefreshTests : IDisposable
{
    private sealed class TwoQueues : IQueueCounter
    {
        public int? TxQueues(string device) => 2;

        public int CpuCount => 2;
    }

    private sealed class LongAgoBoot : IBootClock
    {
        public DateTime BootTimeUtc => DateTime.MinValue;
    }

    private readonly TempDirectory _dir = new();
    private readonly string _src;
    private readonly LqosConfig _config;
    private readonly TopologyRuntimePublisher _runtime = new();

    public IngressRefreshTests()
    {
        _src = Directory.CreateDirectory(Path.Combine(_dir.Path, "src")).FullName;
        ProcessRunner.GenerateNetwork(_src, circuits: 20, sites: 2, depth: 2);
        _config = LqosConfigReader.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", _src, StringComparison.Ordinal) + "\n[splynx_integration]\nenable_splynx = true\n", "lqos.conf", new DiagnosticBag())!;
    }

    public void Dispose() => _dir.Dispose();

    private (RefreshResult Result, RefreshLog Log, RecordingTcRunner Runner) Refresh()
    {
        var runner = new RecordingTcRunner();
        var log = new RefreshLog();
        var result = new ShapingRefresh(runner, new FakeTcInspector(true), new TwoQueues(), new LongAgoBoot(), _runtime).Run(_config, new RefreshOptions(), log);
        return (result, log, runner);
    }

    private string[] FirstRow => File.ReadAllLines(Path.Combine(_src, "ShapedDevices.csv"))[1].Split(',');

    private void SetFirstRowDownloadMax(string value) =>
        ShapedDevicesEdit.SetFirstRowCell(Path.Combine(_src, "ShapedDevices.csv"), ShapedDevicesEdit.DownloadMaxColumn, value);

    [Fact]
    public void Refresh_IngressMode_ShapesTheCircuitsOfShapingInputsJson()
    {
        Assert.True(_config.TopologyImportIngressEnabled);
        var status = _runtime.Publish(_config);

        var (result, log, _) = Refresh();

        Assert.True(result.Succeeded, result.Summary);
        Assert.Contains(log.Lines, l => l.Message == $"shaping from {status.ShapingInputsPath} ({status.ShapingGeneration}) and {status.EffectiveNetworkPath} ({status.EffectiveGeneration})");
        Assert.Equal(20, result.AppliedPlan!.Circuits.Count);
    }

    [Fact]
    public void Refresh_IngressModeAfterAnEdit_CompilesFirstSoTheEditIsShaped()
    {
        _runtime.Publish(_config);
        SetFirstRowDownloadMax("66");

        var (result, _, _) = Refresh();

        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal(66, result.AppliedPlan!.Circuits.Single(c => c.CircuitId == FirstRow[0]).Download.CeilMbps);
        Assert.Null(TopologyRuntimeStatus.Read(new TopologyRuntimePaths(_config).Status)!.Staleness(TopologyGeneration.OfSources(new TopologyRuntimePaths(_config))));
    }

    [Fact]
    public void Refresh_IngressModeWithBrokenSources_FailsWithUpstreamsStaleInputsTextAndTouchesNoTc()
    {
        SetFirstRowDownloadMax("fast");

        var (result, log, runner) = Refresh();

        Assert.False(result.Succeeded);
        Assert.StartsWith("Validation failed", result.Summary);
        Assert.Contains(log.Lines, l => l.Message.StartsWith(ShapingRefresh.StaleRuntimeInputs + " Validation failed: ", StringComparison.Ordinal)
            && l.Message.Contains("Download Max Mbps", StringComparison.Ordinal));
        Assert.Empty(runner.Calls);
    }
}
