namespace LibreQoS.TestKit;

/// <summary>A fact that needs root (network namespaces, tc, BPF); it is skipped, with the reason, otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        Skip = Privileges.WhyNotRoot();
    }
}

public static class Privileges
{
    /// <summary>Null when running as root with iproute2 available; otherwise why root tests cannot run.</summary>
    public static string? WhyNotRoot()
    {
        if (!Environment.IsPrivilegedProcess)
            return "needs root: creates network namespaces and tc trees (run the suite as root, as CI does)";
        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip"))
            return "needs iproute2 (ip, tc): apt-get install iproute2";
        return null;
    }
}
