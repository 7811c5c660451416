using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.TestKit;

namespace LibreQoS.Config.Tests.LqosConf;

public class LqosConfigFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly string _original;

    public LqosConfigFileTests()
    {
        _original = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"));
        _path = _dir.Write("lqos.conf", _original);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TrySave_ValidChanges_KeepsCommentsAndWritesBackup()
    {
        var diagnostics = new DiagnosticBag();

        bool saved = LqosConfigFile.TrySave(_path, new Dictionary<string, object?>
        {
            ["bridge.to_internet"] = "enp2s0",
            ["queues.default_sqm"] = "fq_codel",
            ["integration_common.queue_refresh_interval_mins"] = 10L,
        }, diagnostics);

        Assert.True(saved, string.Join("\n", diagnostics.All));
        string text = File.ReadAllText(_path);
        Assert.StartsWith("# The smallest lqos.conf upstream accepts", text, StringComparison.Ordinal);
        var reloaded = LqosConfigReader.Read(_path, new DiagnosticBag())!;
        Assert.Equal(("enp2s0", "fq_codel", 10L), (reloaded.Bridge!.ToInternet, reloaded.Queues.DefaultSqm, reloaded.IntegrationCommon.QueueRefreshIntervalMins));
        Assert.Equal(_original, File.ReadAllText(_path + LqosConfigFile.BackupSuffix));
    }

    [Fact]
    public void TrySave_ChangeThatFailsValidation_WritesNothing()
    {
        var diagnostics = new DiagnosticBag();

        bool saved = LqosConfigFile.TrySave(_path, new Dictionary<string, object?> { ["bridge.to_network"] = "eth0" }, diagnostics);

        Assert.False(saved);
        Assert.Contains(diagnostics.Errors, e => e.Field == "bridge.to_network");
        Assert.Equal(_original, File.ReadAllText(_path));
        Assert.False(File.Exists(_path + LqosConfigFile.BackupSuffix));
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void ResolvePath_ExplicitPath_WinsOverDefault()
    {
        Assert.Equal("/tmp/x.conf", LqosConfigFile.ResolvePath("/tmp/x.conf"));
    }
}
