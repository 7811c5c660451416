using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;

namespace LibreQoS.Service.State;

/// <summary>The config lqosd runs with. A reload that fails validation keeps the running config.</summary>
public sealed class ConfigHolder(string path, LqosConfig config)
{
    private LqosConfig _current = config;

    public string Path { get; } = path;

    public LqosConfig Current => Volatile.Read(ref _current);

    /// <summary>Re-reads the file; on errors nothing changes and the diagnostics say why.</summary>
    public bool TryReload(DiagnosticBag diagnostics)
    {
        var fresh = LqosConfigFile.Load(Path, diagnostics);
        if (fresh is null)
            return false;
        Volatile.Write(ref _current, fresh);
        return true;
    }
}
