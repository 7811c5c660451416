using LibreQoS.TestKit;

namespace LibreQoS.Scheduler.Tests;

public class StartupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Help_DescribesTheDaemon()
    {
        var result = Executables.Run("lqos_scheduler", ["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("lqos_scheduler:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--config", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_InvalidConfig_ExitsNonZeroNamingTheKey()
    {
        string config = Executables.WriteConfig(_dir, "lqos-minimal.conf", _dir.Path);
        File.WriteAllText(config, File.ReadAllText(config).Replace("node_id = \"0000-0000-0000\"", "node_id = \"\"", StringComparison.Ordinal));

        var result = Executables.Run("lqos_scheduler", ["--config", config]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{config}:4:1: node_id: Node ID must be set", result.StandardError, StringComparison.Ordinal);
    }
}
