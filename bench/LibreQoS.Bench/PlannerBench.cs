using System.Diagnostics;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Config.Validation;
using LibreQoS.Core.Overrides;
using LibreQoS.Planner;
using LibreQoS.Shaping;
using LibreQoS.Tc;

namespace LibreQoS.Bench;

internal static class PlannerBench
{
    private const int Runs = 5;

    /// <summary>Plans the inputs in DIR several times; prints the load time and the median and best plan time.</summary>
    public static int Plan(string dir, int queues)
    {
        var config = new LqosConfig { Queues = new QueuesConfig(), Bridge = new BridgeConfig(false, "eth0", "eth1", null) };
        var load = Stopwatch.StartNew();
        var inputs = ShapingInputs.Load(dir, new DiagnosticBag()) ?? throw new InvalidOperationException($"{dir} does not validate");
        load.Stop();
        var times = new List<double>();
        PlanResult? result = null;
        for (int i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            result = ShapingPlanner.Plan(new PlannerInput(config, inputs.Network, inputs.Circuits, LqosOverrides.Empty, queues));
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"load+validate: {load.Elapsed.TotalMilliseconds:F0} ms; plan ({inputs.Circuits.Count} circuits, {inputs.NodeCount} nodes, {queues} queues, " +
            $"{result!.Plan.IpMappings().Count()} mappings): median {Median(times):F0} ms, best {times.Min():F0} ms, first {times[0]:F0} ms over {Runs} runs");
        return 0;
    }

    /// <summary>
    /// A full refresh (rebuilding the trees), then one-circuit changes with --updateonly, each timed end to end
    /// inside this process: load, validate, plan, diff, tc, state files.
    /// </summary>
    public static int FullThenIncremental(string configPath)
    {
        var config = LqosConfigReader.Read(configPath, new DiagnosticBag()) ?? throw new InvalidOperationException($"{configPath} does not validate");
        var refresh = new ShapingRefresh(new ProcessTcRunner(), new ProcessTcInspector(), new SysfsQueueCounter(), new ProcBootClock());
        var log = new RefreshLog();
        var full = Stopwatch.StartNew();
        var result = refresh.Run(config, new RefreshOptions(), log);
        full.Stop();
        if (!result.Succeeded)
            throw new InvalidOperationException(result.Summary);
        string apply = log.Lines.Last(l => l.Message.StartsWith("apply tc: ", StringComparison.Ordinal)).Message;
        Console.WriteLine($"full refresh: {full.Elapsed.TotalMilliseconds:F0} ms end to end, {apply} ({result.Summary})");

        string csv = Path.Combine(config.LqosDirectory, "ShapedDevices.csv");
        var lines = File.ReadAllLines(csv);
        var times = new List<double>();
        for (int i = 0; i < Runs; i++)
        {
            var cells = lines[1].Split(',');
            cells[10] = (200 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines[1] = string.Join(',', cells);
            File.WriteAllLines(csv, lines);
            var watch = Stopwatch.StartNew();
            var update = refresh.Run(config, new RefreshOptions(UpdateOnly: true), new RefreshLog());
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (!update.Succeeded || !update.Summary.StartsWith("Updated", StringComparison.Ordinal))
                throw new InvalidOperationException(update.Summary);
        }
        Console.WriteLine($"one-circuit --updateonly: median {Median(times):F0} ms, best {times.Min():F0} ms end to end in-process over {Runs} runs");
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
