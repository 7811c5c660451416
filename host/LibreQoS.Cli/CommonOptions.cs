using System.CommandLine;

namespace LibreQoS.Cli;

internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config")
    {
        Description = "Path of lqos.conf (default: $LQOS_CONFIG, else /etc/lqos.conf)",
    };
}
