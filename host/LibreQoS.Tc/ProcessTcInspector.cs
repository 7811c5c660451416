using System.Diagnostics;
using System.Text.Json;

namespace LibreQoS.Tc;

/// <summary>Asks the kernel about the live state; probes qdisc kinds in a throwaway network namespace so no real interface is touched.</summary>
public sealed class ProcessTcInspector(string tcPath = "tc") : ITcInspector
{
    private readonly Dictionary<string, bool?> _probed = new(StringComparer.Ordinal);

    /// <remarks>
    /// Asks <c>ip link</c>, whose answer carries the root qdisc's kind, for all devices in one process (<c>ip -batch</c>):
    /// <c>tc qdisc show dev D root</c> would make the kernel dump every qdisc of the device (one per circuit) only for
    /// tc to keep the root, which dominated an incremental refresh. Only LibreQoS puts an mq root on a shaped interface.
    /// </remarks>
    public bool HaveLibreQoSRoots(IReadOnlyCollection<string> devices)
    {
        string batch = string.Concat(devices.Select(device => $"link show dev {device}\n"));
        var (exit, output, _) = Run(batch, "ip", "-j", "-batch", "-");
        if (exit != 0)
            return false;
        try
        {
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == devices.Count && lines.All(line =>
            {
                using var json = JsonDocument.Parse(line);
                return json.RootElement.EnumerateArray().Any(link => link.TryGetProperty("qdisc", out var kind) && kind.GetString() == "mq");
            });
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public bool? HasQdisc(string kind)
    {
        if (_probed.TryGetValue(kind, out var known))
            return known;
        bool? result = null;
        if (Environment.IsPrivilegedProcess)
        {
            var (exit, _, error) = Run(null, "unshare", "--net", tcPath, "qdisc", "add", "dev", "lo", "root", kind);
            result = exit == 0 ? true
                : error.Contains("unknown", StringComparison.OrdinalIgnoreCase) || error.Contains("No such file", StringComparison.Ordinal) ? false
                : null;
        }
        _probed[kind] = result;
        return result;
    }

    private static (int Exit, string Output, string Error) Run(string? input, string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = input is not null, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info)!;
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, "", ex.Message);
        }
    }
}
