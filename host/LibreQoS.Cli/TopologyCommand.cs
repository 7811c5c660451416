using System.CommandLine;
using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.Config.LqosConf;
using LibreQoS.Shaping.TopologyRuntime;

namespace LibreQoS.Cli;

/// <summary>
/// <c>lqos topology refresh</c>: compile and publish the topology runtime's outputs now (upstream v2.2's
/// shaping_inputs.json, network.effective.json and topology_runtime_status.json). lqosd does it on every change of
/// the sources; this asks it, or compiles in this process when lqosd is not running.
/// </summary>
internal static class TopologyCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var busPath = CommonOptions.Bus();
        var refresh = new Command("refresh", "Compile network.json, ShapedDevices.csv and lqos_overrides.json into the runtime's outputs now") { config, busPath };
        refresh.SetAction(async (result, ct) =>
        {
            string bus = CommonOptions.BusPath(result.GetValue(busPath), result.GetValue(config));
            if (await BusClient.IsAvailableAsync(bus, ct))
            {
                await using var client = await BusClient.ConnectAsync(bus, cancellationToken: ct);
                return await client.SendAsync(new TopologyRuntimeRefresh(), cancellationToken: ct) switch
                {
                    TopologyRuntimeStatusReply status => Report(status.Ready, status.SourceGeneration, status.ShapingGeneration, status.EffectiveGeneration, status.Error),
                    Fail fail => Failed($"lqosd: {fail.Message}"),
                    var other => Failed($"lqosd answered {other.GetType().Name}"),
                };
            }
            if (LqosConfigFile.LoadForStartup(result.GetValue(config), Console.Error) is not { } loaded)
                return 1;
            try
            {
                var status = new TopologyRuntimePublisher().Publish(loaded);
                return Report(status.Ready, status.SourceGeneration, status.ShapingGeneration, status.EffectiveGeneration, status.Error);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Failed($"the topology runtime could not write its outputs: {ex.Message}");
            }
        });
        return new Command("topology", "The topology runtime (upstream v2.2): what shaping is compiled from") { refresh };
    }

    private static int Report(bool ready, string source, string? shaping, string? effective, string? error)
    {
        Console.WriteLine($"source generation: {source}");
        Console.WriteLine($"shaping inputs: {shaping ?? "none"}");
        Console.WriteLine($"effective network: {effective ?? "none"}");
        if (ready)
        {
            Console.WriteLine("ready");
            return 0;
        }
        Console.Error.WriteLine($"not ready: {error}");
        return 1;
    }

    private static int Failed(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
