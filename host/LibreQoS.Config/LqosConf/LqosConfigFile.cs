using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Config.Toml;

namespace LibreQoS.Config.LqosConf;

/// <summary>Where lqos.conf lives, loading it with upstream's environment overrides, and saving edits safely.</summary>
public static class LqosConfigFile
{
    public const string ConfigEnvironmentVariable = "LQOS_CONFIG";
    public const string DirectoryEnvironmentVariable = "LQOS_DIRECTORY";
    public const string BackupSuffix = ".webbackup";

    /// <summary><c>--config</c> if given, else <c>LQOS_CONFIG</c>, else /etc/lqos.conf.</summary>
    public static string ResolvePath(string? explicitPath) =>
        !string.IsNullOrEmpty(explicitPath) ? explicitPath
        : Environment.GetEnvironmentVariable(ConfigEnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv
        : LqosConfig.DefaultPath;

    /// <summary>Reads and validates the file, then applies <c>LQOS_DIRECTORY</c> as upstream does.</summary>
    public static LqosConfig? Load(string path, DiagnosticBag diagnostics)
    {
        var config = LqosConfigReader.Read(path, diagnostics);
        return config is not null && Environment.GetEnvironmentVariable(DirectoryEnvironmentVariable) is { Length: > 0 } dir
            ? config with { LqosDirectory = dir }
            : config;
    }

    /// <summary>Loads the config for a daemon's start; prints every finding to <paramref name="log"/>, null on errors.</summary>
    public static LqosConfig? LoadForStartup(string? explicitPath, TextWriter log)
    {
        var diagnostics = new DiagnosticBag();
        var config = Load(ResolvePath(explicitPath), diagnostics);
        foreach (var finding in diagnostics.All)
            log.WriteLine(finding.IsError ? finding.ToString() : $"warning: {finding}");
        return config;
    }

    /// <summary>
    /// Applies <paramref name="changes"/> (dotted key → new value, null to remove) to the file, keeping its comments
    /// and key order. The edited text must validate; then the old file is kept as <c>&lt;path&gt;.webbackup</c> and the
    /// new one renamed into place. On any error nothing is written and the diagnostics say why.
    /// </summary>
    public static bool TrySave(string path, IReadOnlyDictionary<string, object?> changes, DiagnosticBag diagnostics)
    {
        string original;
        TomlDocument document;
        try
        {
            original = OperatorFile.ReadText(path);
            document = TomlDocument.Parse(original, path);
            foreach (var (key, value) in changes)
                document.Set(key, value);
        }
        catch (OperatorFileException ex)
        {
            diagnostics.Add(ex.Diagnostic);
            return false;
        }
        catch (InvalidTomlException ex)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, path, ex.Position.Line, ex.Position.Column, "", ex.Reason));
            return false;
        }
        catch (NotSupportedException ex)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, path, 0, 0, "", ex.Message));
            return false;
        }

        string edited = document.ToString();
        if (LqosConfigReader.Parse(edited, path, diagnostics) is null)
            return false;

        OperatorFile.WriteAtomically(path + BackupSuffix, original);
        OperatorFile.WriteAtomically(path, edited);
        return true;
    }
}
