using System.CommandLine;
using LibreQoS.Config.LqosConf;
using LibreQoS.Shaping;
using LibreQoS.Tc;

namespace LibreQoS.Cli;

/// <summary><c>lqos refresh</c>: upstream's <c>LibreQoS.py</c> — validate, plan and apply the shaping, with its flags.</summary>
internal static class RefreshCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var debug = new Option<bool>("--debug", "-d") { Description = "Print everything done, with the time of each phase" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print progress" };
        var validate = new Option<bool>("--validate") { Description = "Only check the inputs" };
        var updateOnly = new Option<bool>("--updateonly") { Description = "Change only the classes that differ from what is applied" };
        var clearRules = new Option<bool>("--clearrules") { Description = "Remove the shaping trees from the interfaces" };
        var plannerReset = new Option<bool>("--planner-reset") { Description = "Forget remembered CPU placements and class ids first" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Plan and write the output files without changing the kernel" };
        var command = new Command("refresh", "Validate, plan and apply the shaping (upstream's LibreQoS.py)")
        {
            config, debug, verbose, validate, updateOnly, clearRules, plannerReset, dryRun,
        };
        command.SetAction(result =>
        {
            if (LqosConfigFile.LoadForStartup(result.GetValue(config), Console.Error) is not { } loaded)
                return 1;
            var threshold = result.GetValue(debug) ? RefreshLogLevel.Debug : result.GetValue(verbose) ? RefreshLogLevel.Info : RefreshLogLevel.Warning;
            var log = new RefreshLog(line =>
            {
                if (line.Level >= threshold)
                    (line.Level >= RefreshLogLevel.Warning ? Console.Error : Console.Out).WriteLine(line);
            });
            var options = new RefreshOptions(result.GetValue(updateOnly), result.GetValue(validate), result.GetValue(clearRules),
                result.GetValue(plannerReset), result.GetValue(dryRun));
            var refresh = new ShapingRefresh(new ProcessTcRunner(), new ProcessTcInspector(), new SysfsQueueCounter(), new ProcBootClock());
            var outcome = refresh.Run(loaded, options, log);
            if (outcome.Succeeded && threshold > RefreshLogLevel.Info)
                Console.Out.WriteLine(outcome.Summary);
            return outcome.ExitCode;
        });
        return command;
    }
}
