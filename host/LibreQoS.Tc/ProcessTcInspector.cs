using System.Diagnostics;
using System.Text.Json;

namespace LibreQoS.Tc;

/// <summary>Asks the kernel about the live state; probes qdisc kinds in a throwaway network namespace so no real interface is touched.</summary>
public sealed class ProcessTcInspector(string tcPath = "tc") : ITcInspector
{
    private readonly Dictionary<string, bool?> _probed = new(StringComparer.Ordinal);

    /// <remarks>
    /// Asks <c>ip link</c>, whose answer carries the root qdisc's kind: <c>tc qdisc show dev D root</c> would make the
    /// kernel dump every qdisc of the device (one per circuit) only for tc to keep the root, which dominated an
    /// incremental refresh. Only LibreQoS puts an mq root on a shaped interface.
    /// </remarks>
    public bool HasLibreQoSRoot(string device)
    {
        var (exit, output, _) = Run("ip", "-j", "link", "show", "dev", device);
        if (exit != 0)
            return false;
        try
        {
            using var json = JsonDocument.Parse(output);
            return json.RootElement.EnumerateArray().Any(link => link.TryGetProperty("qdisc", out var kind) && kind.GetString() == "mq");
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
            var (exit, _, error) = Run("unshare", "--net", tcPath, "qdisc", "add", "dev", "lo", "root", kind);
            result = exit == 0 ? true
                : error.Contains("unknown", StringComparison.OrdinalIgnoreCase) || error.Contains("No such file", StringComparison.Ordinal) ? false
                : null;
        }
        _probed[kind] = result;
        return result;
    }

    private static (int Exit, string Output, string Error) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info)!;
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
