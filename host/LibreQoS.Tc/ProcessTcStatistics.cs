using System.Diagnostics;

namespace LibreQoS.Tc;

/// <summary>One interface's qdiscs and classes with their statistics, read together.</summary>
public sealed record InterfaceQueues(string Device, IReadOnlyList<LiveQdisc> Qdiscs, IReadOnlyList<LiveClass> Classes);

/// <summary>Reads the live queue statistics of an interface.</summary>
public interface ITcStatisticsReader
{
    /// <exception cref="TcException">tc could not be run or failed (the interface is gone, for instance).</exception>
    InterfaceQueues Read(string device);
}

/// <summary>
/// <c>tc -s -j qdisc show dev D</c> (JSON) and <c>tc -s class show dev D</c> (text: iproute2 6.1 prints classes
/// without JSON). Two processes per interface; at 10k circuits one read is dominated by the kernel's dump and
/// tc's formatting, not by the parsing here (see bench/insight).
/// </summary>
public sealed class ProcessTcStatistics(string tcPath = "tc") : ITcStatisticsReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public InterfaceQueues Read(string device) =>
        new(device, TcQdiscListing.Parse(Run("-s", "-j", "qdisc", "show", "dev", device)), TcClassListing.Parse(Run("-s", "class", "show", "dev", device)));

    private string Run(params string[] arguments)
    {
        var info = new ProcessStartInfo(tcPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info) ?? throw new TcException($"could not start {tcPath}");
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill();
                throw new TcException($"'tc {string.Join(' ', arguments)}' did not finish within {Timeout.TotalSeconds} s");
            }
            if (process.ExitCode != 0)
                throw new TcException($"'tc {string.Join(' ', arguments)}' failed: {error.Result.Trim()}", kernelMessage: error.Result.Trim());
            return output;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new TcException($"could not run '{tcPath}': {ex.Message}. Is iproute2 installed?");
        }
    }
}
