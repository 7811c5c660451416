namespace LibreQoS.TestKit;

/// <summary>
/// Runs one of our executables (lqos, lqosd, lqos_scheduler) from the test's output folder, where a project
/// reference to the exe project puts its dll, so tests exercise the real entry point and exit status.
/// </summary>
public static class Executables
{
    public static ProcessResult Run(string assemblyName, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} is missing; the test project must reference the project that builds it");
        var env = new Dictionary<string, string?> { ["LQOS_CONFIG"] = null, ["LQOS_DIRECTORY"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            env[key] = value;
        return ProcessRunner.Run("dotnet", [dll, .. arguments], env);
    }

    /// <summary>A copy of a tests/fixtures config with lqos_directory pointed at <paramref name="lqosDirectory"/>.</summary>
    public static string WriteConfig(TempDirectory dir, string fixture, string lqosDirectory)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", fixture))
            .Replace("lqos_directory = \"/opt/libreqos/src\"", $"lqos_directory = \"{lqosDirectory}\"", StringComparison.Ordinal);
        return dir.Write("lqos.conf", text);
    }
}
