using System.Text.RegularExpressions;
using LibreQoS.Python.Discovery;

namespace LibreQoS.Python;

/// <summary>
/// Finds the libpython to load and the python3 it belongs to. The library comes from, in order:
/// <list type="number">
/// <item><see cref="PythonRuntimeOptions.LibraryPath"/> (the scheduler fills it from lqos.conf);</item>
/// <item>the <c>PYTHONNET_PYDLL</c> environment variable that pythonnet users already set;</item>
/// <item>asking, through sysconfig, <see cref="PythonRuntimeOptions.Executable"/> if set, then
/// <c>/usr/bin/python3</c> (Debian's, whose dist-packages hold apt-installed modules), then <c>python3</c> on PATH;
/// the first that reports an existing shared library wins.</item>
/// </list>
/// The executable is <see cref="PythonRuntimeOptions.Executable"/> if set; else the interpreter that reported the
/// library; for a library given explicitly, the interpreter (same order) that reports the same file, else one of the
/// same X.Y version.
/// </summary>
public static partial class PythonLocator
{
    public const string LibraryEnvironmentVariable = "PYTHONNET_PYDLL";

    /// <summary>The interpreters asked after <see cref="PythonRuntimeOptions.Executable"/>, in order.</summary>
    public static IReadOnlyList<string> Interpreters { get; } = ["/usr/bin/python3", "python3"];

    /// <exception cref="PythonInstallationException">Nothing usable was found; the message names what to set.</exception>
    public static PythonInstallation Locate(PythonRuntimeOptions options) =>
        Locate(options, Environment.GetEnvironmentVariable, PythonProbe.Run);

    internal static PythonInstallation Locate(PythonRuntimeOptions options, Func<string, string?> environment, Func<string, PythonProbeResult?> probe)
    {
        var answers = new Dictionary<string, PythonProbeResult?>();
        PythonProbeResult? Ask(string interpreter) =>
            answers.TryGetValue(interpreter, out var known) ? known : answers[interpreter] = probe(interpreter);
        string[] interpreters = options.Executable is { Length: > 0 } executable
            ? [CheckExecutable(executable, options.ExecutableSetting), .. Interpreters.Where(i => i != executable)]
            : [.. Interpreters];

        if (options.LibraryPath is { Length: > 0 } configured)
            return ForLibrary(CheckLibrary(configured, options.LibraryPathSetting), options.LibraryPathSetting);
        if (environment(LibraryEnvironmentVariable) is { Length: > 0 } fromEnvironment)
            return ForLibrary(CheckLibrary(fromEnvironment, LibraryEnvironmentVariable), LibraryEnvironmentVariable);

        foreach (string interpreter in interpreters)
        {
            if (Ask(interpreter) is { } answer && answer.LibraryCandidates.FirstOrDefault(File.Exists) is { } library)
                return new PythonInstallation(library, options.Executable ?? answer.Executable, $"asking {interpreter}");
        }
        throw new PythonInstallationException(
            $"No shared libpython was found: {string.Join(" and ", interpreters)} report none (install Debian's libpython3.11 package), " +
            $"so set {options.LibraryPathSetting} or {LibraryEnvironmentVariable}.");

        PythonInstallation ForLibrary(string library, string source)
        {
            if (options.Executable is { Length: > 0 })
                return new PythonInstallation(library, options.Executable, source);
            string real = RealPath(library);
            string? version = LibraryVersion(library);
            var match = interpreters.Select(Ask).OfType<PythonProbeResult>().FirstOrDefault(a => a.LibraryCandidates.Any(c => RealPath(c) == real))
                        ?? interpreters.Select(Ask).OfType<PythonProbeResult>().FirstOrDefault(a => a.Version == version);
            return match is not null
                ? new PythonInstallation(library, match.Executable, source)
                : throw new PythonInstallationException(
                    $"No python3 matches the Python library {library} (from {source}), so set {options.ExecutableSetting} to the python3 it belongs to.");
        }
    }

    private static string CheckLibrary(string path, string source) =>
        !path.Contains('/', StringComparison.Ordinal) || File.Exists(path)
            ? path
            : throw new PythonInstallationException($"The Python library {path} given by {source} does not exist.");

    private static string CheckExecutable(string path, string setting) =>
        !path.Contains('/', StringComparison.Ordinal) || File.Exists(path)
            ? path
            : throw new PythonInstallationException($"The Python executable {path} given by {setting} does not exist.");

    /// <summary>"3.11" from "libpython3.11.so.1.0" (a bare name works too), or null.</summary>
    private static string? LibraryVersion(string library) =>
        LibraryVersionPattern().Match(Path.GetFileName(library)) is { Success: true } m ? m.Groups[1].Value : null;

    private static string RealPath(string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
        }
        catch (IOException)
        {
            return path;
        }
    }

    [GeneratedRegex(@"^libpython(\d+\.\d+)")]
    private static partial Regex LibraryVersionPattern();
}
