using System.CommandLine;
using LibreQoS.Bus.Client;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;

namespace LibreQoS.Cli;

internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config")
    {
        Description = "Path of lqos.conf (default: $LQOS_CONFIG, else /etc/lqos.conf)",
    };

    public static Option<string?> Bus() => new("--bus")
    {
        Description = "Path of lqosd's bus socket (default: lqosd.bus_socket from lqos.conf, else /run/lqos/bus)",
    };

    /// <summary><c>--bus</c>, else the config's <c>[lqosd] bus_socket</c>, else the default; a broken config does not stop bus commands.</summary>
    public static string BusPath(string? busOption, string? configOption)
    {
        if (!string.IsNullOrEmpty(busOption))
            return busOption;
        string path = LqosConfigFile.ResolvePath(configOption);
        var config = File.Exists(path) ? LqosConfigReader.Read(path, new DiagnosticBag()) : null;
        return (config?.Lqosd ?? new LqosdConfig()).BusSocket;
    }

    /// <summary>Connects, or prints why it cannot and returns null.</summary>
    public static async Task<BusClient?> ConnectAsync(string busPath, CancellationToken cancellationToken)
    {
        try
        {
            return await BusClient.ConnectAsync(busPath, cancellationToken: cancellationToken);
        }
        catch (BusUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"lqosd is not reachable: {ex.Message}");
            return null;
        }
    }
}
