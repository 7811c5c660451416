using System.ComponentModel;
using System.Diagnostics;

namespace LibreQoS.Python.Discovery;

/// <summary>What an interpreter says about itself: its real executable, X.Y version and candidate libpython paths.</summary>
internal sealed record PythonProbeResult(string Executable, string Version, IReadOnlyList<string> LibraryCandidates);

/// <summary>Asks a python3 (by path, or by name on PATH) where its shared library is, through sysconfig.</summary>
internal static class PythonProbe
{
    // LIBDIR/INSTSONAME is the runtime soname (libpython3.11.so.1.0, present with Debian's libpython3.11);
    // LIBDIR/LDLIBRARY the development link (libpython3.11.so, only with -dev). A static build reports a .a: skipped.
    private const string Script = """
        import os, sys, sysconfig
        v = sysconfig.get_config_var
        print(sys.executable)
        print("%d.%d" % sys.version_info[:2])
        for name in (v("INSTSONAME"), v("LDLIBRARY")):
            if name and ".so" in name:
                print(os.path.join(v("LIBDIR") or "", name))
        """;

    /// <summary>The interpreter's answer, or null if it cannot be run or fails.</summary>
    internal static PythonProbeResult? Run(string interpreter)
    {
        var info = new ProcessStartInfo(interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-E", "-S", "-c", Script])
            info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
                return null;
            }
            _ = error.Result;
            return process.ExitCode == 0 ? Parse(output) : null;
        }
        catch (Win32Exception)
        {
            return null; // not installed, or not executable
        }
    }

    internal static PythonProbeResult? Parse(string output)
    {
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length >= 2 ? new PythonProbeResult(lines[0], lines[1], lines[2..]) : null;
    }
}
