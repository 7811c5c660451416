using LibreQoS.Bench;

// Benchmark driver for bench/*: measures in-process, so figures exclude process start-up unless stated.
LibreQoS.Bus.Client.BusClient.PreferInlineSocketCompletions();
return args switch
{
    ["plan", var dir, var queues] => PlannerBench.Plan(dir, int.Parse(queues, System.Globalization.CultureInfo.InvariantCulture)),
    ["refresh", var config] => PlannerBench.FullThenIncremental(config),
    ["bus", var socket] => await BusBench.RunAsync(socket),
    ["refresh-through-lqosd", var socket, var csv] => await BusBench.IncrementalRefreshAsync(socket, csv),
    ["history", var dir, var circuits, var seconds] => InsightBench.History(dir, int.Parse(circuits, System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)),
    ["queues", var circuits] => InsightBench.Queues(int.Parse(circuits, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: lqos-bench plan DIR QUEUES | lqos-bench refresh CONFIG | lqos-bench bus SOCKET | lqos-bench history DIR CIRCUITS SECONDS | lqos-bench queues CIRCUITS");
    return 2;
}
