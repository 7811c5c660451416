using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LibreQoS.Tc;

/// <summary>
/// Runs commands through <c>tc -batch</c>, in chunks so that no single tc process holds an unbounded batch, and one
/// process per chunk rather than per command. A failure names the line of the whole batch and the kernel's message.
/// </summary>
public sealed partial class ProcessTcRunner(string tcPath = "tc", int chunkLines = 10_000) : ITcRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public void Run(IReadOnlyList<TcCommand> commands, bool force = false)
    {
        for (int start = 0; start < commands.Count; start += chunkLines)
        {
            var chunk = commands.Skip(start).Take(chunkLines).ToList();
            RunChunk(chunk, start, force);
        }
    }

    private void RunChunk(List<TcCommand> chunk, int offset, bool force)
    {
        string file = Path.Combine(Path.GetTempPath(), $"lqos_tc_{Environment.ProcessId}_{Guid.NewGuid():N}.batch");
        try
        {
            File.WriteAllText(file, TcBatchWriter.Render(chunk));
            var info = new ProcessStartInfo(tcPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (force)
                info.ArgumentList.Add("-force");
            info.ArgumentList.Add("-batch");
            info.ArgumentList.Add(file);

            using var process = Process.Start(info) ?? throw new TcException($"could not start {tcPath}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill();
                throw new TcException($"tc did not finish a batch of {chunk.Count} commands within {Timeout.TotalMinutes} minutes");
            }
            _ = stdout.Result;
            if (process.ExitCode != 0 && !force)
                throw Failure(chunk, offset, stderr);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception)
        {
            throw new TcException($"could not run '{tcPath}': {ex.Message}. Is iproute2 installed?");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static TcException Failure(List<TcCommand> chunk, int offset, string stderr)
    {
        var match = FailedLine().Match(stderr);
        string kernel = string.Join(' ', stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Command failed", StringComparison.Ordinal)));
        if (!match.Success || !int.TryParse(match.Groups[1].Value, out int line) || line < 1 || line > chunk.Count)
            return new TcException($"tc failed: {kernel}", kernelMessage: kernel);

        string command = TcBatchWriter.Render(chunk[line - 1]);
        int batchLine = offset + line;
        return new TcException($"tc failed at line {batchLine} of the batch ({command}): {kernel}", batchLine, command, kernel);
    }

    [GeneratedRegex(@"Command failed .*:(\d+)")]
    private static partial Regex FailedLine();
}
