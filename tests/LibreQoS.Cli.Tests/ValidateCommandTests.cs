using LibreQoS.TestKit;

namespace LibreQoS.Cli.Tests;

public class ValidateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Validate_GeneratedNetworkOf100kCircuits_PrintsOk()
    {
        ProcessRunner.GenerateNetwork(_dir.Path, circuits: 100_000, sites: 1000, depth: 4);

        var result = Executables.Run("lqos", ["validate", "--dir", _dir.Path]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^OK: 100000 circuits, \d+ devices, \d+ nodes$", result.OutputLines.Last());
        Assert.Single(result.OutputLines);
    }

    [Fact]
    public void Validate_ThreeCorruptedRows_PrintsExactlyThoseErrorsAndExitsOne()
    {
        ProcessRunner.GenerateNetwork(_dir.Path, circuits: 100_000, sites: 1000, depth: 4);
        string csv = _dir.File("ShapedDevices.csv");
        var lines = File.ReadAllLines(csv);
        var singleDeviceRows = SingleDeviceRowIndexes(lines);
        int badIp = singleDeviceRows[100], badParent = singleDeviceRows[20_000], minAboveMax = singleDeviceRows[60_000];
        lines[badIp] = ReplaceCell(lines[badIp], 6, "100.64.0.999");
        lines[badParent] = ReplaceCell(lines[badParent], 4, "Site_Nowhere");
        lines[minAboveMax] = ReplaceCell(lines[minAboveMax], 8, "5000");
        File.WriteAllLines(csv, lines);

        var result = Executables.Run("lqos", ["validate", "--dir", _dir.Path]);

        Assert.Equal(1, result.ExitCode);
        var errors = result.OutputLines.Where(l => l.StartsWith(csv, StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            $"{csv}:{badIp + 1}: IPv4: '100.64.0.999' is not a valid IPv4 address",
            $"{csv}:{badParent + 1}: Parent Node: 'Site_Nowhere' is not a node in network.json",
            $"{csv}:{minAboveMax + 1}: Download Min Mbps: 5000 is above Download Max Mbps {lines[minAboveMax].Split(',')[10]}",
        ], errors);
        Assert.Equal(4, result.OutputLines.Length);
    }

    [Fact]
    public void Validate_WithConfig_UsesItsLqosDirectory()
    {
        ProcessRunner.GenerateNetwork(_dir.Path, circuits: 50, sites: 5, depth: 2);
        string config = Executables.WriteConfig(_dir, "lqos-minimal.conf", _dir.Path);

        var result = Executables.Run("lqos", ["validate", "--config", config]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("OK: 50 circuits", result.OutputLines.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConfigFromEnvironment_IsUsed()
    {
        ProcessRunner.GenerateNetwork(_dir.Path, circuits: 10, sites: 2, depth: 1);
        string config = Executables.WriteConfig(_dir, "lqos-minimal.conf", _dir.Path);

        var result = Executables.Run("lqos", ["validate"], new Dictionary<string, string?> { ["LQOS_CONFIG"] = config });

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("OK: 10 circuits", result.OutputLines.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BrokenConfig_ReportsKeyAndPositionWithoutStackTrace()
    {
        ProcessRunner.GenerateNetwork(_dir.Path, circuits: 10, sites: 2, depth: 1);
        string config = Executables.WriteConfig(_dir, "lqos-minimal.conf", _dir.Path);
        File.WriteAllText(config, File.ReadAllText(config).Replace("to_internet = \"eth0\"", "to_internet = 5", StringComparison.Ordinal));

        var result = Executables.Run("lqos", ["validate", "--config", config]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{config}:21:1: bridge.to_internet: expected a string, found an integer", result.OutputLines);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoConfigAnywhere_SaysHowToPointAtIt()
    {
        var result = Executables.Run("lqos", ["validate", "--config", _dir.File("missing.conf")]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("LQOS_CONFIG", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsValidate()
    {
        var result = Executables.Run("lqos", ["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("validate", result.StandardOutput, StringComparison.Ordinal);
    }

    private static List<int> SingleDeviceRowIndexes(string[] lines)
    {
        var counts = lines.Skip(1).GroupBy(l => l.Split(',')[0]).ToDictionary(g => g.Key, g => g.Count());
        return Enumerable.Range(1, lines.Length - 1).Where(i => counts[lines[i].Split(',')[0]] == 1).ToList();
    }

    private static string ReplaceCell(string line, int index, string value)
    {
        var cells = line.Split(',');
        cells[index] = value;
        return string.Join(',', cells);
    }
}
