using System.Diagnostics;

namespace LibreQoS.TestKit;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string[] OutputLines => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs a program with an argument list (never a shell string) and captures its output.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            info.Environment[key] = value;

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish in time");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs ../shared/tools/gen_network.py into <paramref name="directory"/>.</summary>
    public static void GenerateNetwork(string directory, int circuits, int sites, int depth, int seed = 1)
    {
        var result = Run("python3", [RepoPaths.GenNetworkScript, directory, "--circuits", $"{circuits}", "--sites", $"{sites}",
            "--depth", $"{depth}", "--seed", $"{seed}"]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"gen_network.py failed: {result.StandardError}");
    }
}
