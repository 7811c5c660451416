namespace LibreQoS.TestKit;

/// <summary>
/// A fact that needs root, and optionally kernel features and command-line tools; it is skipped with the reason
/// when any is missing, never passed silently.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        Skip = Privileges.WhyNotRoot();
    }

    public KernelFeatures Kernel
    {
        get => KernelFeatures.None;
        init => Skip ??= Privileges.WhyMissing(value);
    }

    /// <summary>Programs that must be on PATH, e.g. "iperf3".</summary>
    public string[] Tools
    {
        get => [];
        init => Skip ??= Privileges.WhyMissing(value);
    }
}
