using System.CommandLine;
using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.Config.LqosConf;
using LibreQoS.Shaping;
using LibreQoS.Tc;

namespace LibreQoS.Cli;

/// <summary>
/// <c>lqos refresh</c>: upstream's <c>LibreQoS.py</c> — validate, plan and apply the shaping. Through lqosd when it is
/// up (it owns the tc trees and mappings), in this process when it is not.
/// </summary>
internal static class RefreshCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var busPath = CommonOptions.Bus();
        var debug = new Option<bool>("--debug", "-d") { Description = "Print everything done, with the time of each phase" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print progress" };
        var validate = new Option<bool>("--validate") { Description = "Only check the inputs" };
        var updateOnly = new Option<bool>("--updateonly") { Description = "Change only the classes that differ from what is applied" };
        var clearRules = new Option<bool>("--clearrules") { Description = "Remove the shaping trees from the interfaces" };
        var plannerReset = new Option<bool>("--planner-reset") { Description = "Forget remembered CPU placements and class ids first" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Plan and write the output files without changing the kernel" };
        var command = new Command("refresh", "Validate, plan and apply the shaping (upstream's LibreQoS.py)")
        {
            config, busPath, debug, verbose, validate, updateOnly, clearRules, plannerReset, dryRun,
        };
        command.SetAction(async (result, ct) =>
        {
            var threshold = result.GetValue(debug) ? RefreshLogLevel.Debug : result.GetValue(verbose) ? RefreshLogLevel.Info : RefreshLogLevel.Warning;
            var options = new RefreshOptions(result.GetValue(updateOnly), result.GetValue(validate), result.GetValue(clearRules),
                result.GetValue(plannerReset), result.GetValue(dryRun));
            string bus = CommonOptions.BusPath(result.GetValue(busPath), result.GetValue(config));
            if (!await BusClient.IsAvailableAsync(bus, ct))
                return InProcess(result.GetValue(config), options, threshold);
            try
            {
                return await ThroughLqosdAsync(bus, options, threshold, ct);
            }
            catch (Exception ex) when (ex is BusProtocolException or BusUnavailableException or IOException)
            {
                return Failed($"lqosd did not complete the refresh: {ex.Message}");
            }
        });
        return command;
    }

    private static async Task<int> ThroughLqosdAsync(string bus, RefreshOptions o, RefreshLogLevel threshold, CancellationToken ct)
    {
        await using var client = await BusClient.ConnectAsync(bus, cancellationToken: ct);
        var reply = await client.SendAsync(new Refresh(o.UpdateOnly, o.ValidateOnly, o.ClearRules, o.PlannerReset, o.DryRun), line =>
        {
            var level = Enum.TryParse<RefreshLogLevel>(line.Level, ignoreCase: true, out var parsed) ? parsed : RefreshLogLevel.Info;
            Print(level, line.Message, threshold);
            return ValueTask.CompletedTask;
        }, ct);
        return reply switch
        {
            RefreshReply { Succeeded: true } ok => Finish(ok.Summary, threshold),
            RefreshReply => 1,
            Fail fail => Failed($"lqosd: {fail.Message}"),
            _ => Failed($"lqosd answered {reply.GetType().Name}"),
        };
    }

    private static int InProcess(string? configOption, RefreshOptions options, RefreshLogLevel threshold)
    {
        if (LqosConfigFile.LoadForStartup(configOption, Console.Error) is not { } loaded)
            return 1;
        Print(RefreshLogLevel.Info, "lqosd is not running: refreshing in this process", threshold);
        var refresh = new ShapingRefresh(new ProcessTcRunner(), new ProcessTcInspector(), new SysfsQueueCounter(), new ProcBootClock());
        var outcome = refresh.Run(loaded, options, new RefreshLog(line => Print(line.Level, line.ToString(), threshold)));
        return outcome.Succeeded ? Finish(outcome.Summary, threshold) : 1;
    }

    private static void Print(RefreshLogLevel level, string message, RefreshLogLevel threshold)
    {
        if (level >= threshold)
            (level >= RefreshLogLevel.Warning ? Console.Error : Console.Out).WriteLine(message);
    }

    /// <summary>Below --verbose the log has not shown the summary, so it is printed once here.</summary>
    private static int Finish(string summary, RefreshLogLevel threshold)
    {
        if (threshold > RefreshLogLevel.Info)
            Console.Out.WriteLine(summary);
        return 0;
    }

    private static int Failed(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
