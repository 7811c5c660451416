using LibreQoS.Bench;

// Benchmark driver for bench/*: measures in-process, so figures exclude process start-up unless stated.
LibreQoS.Bus.Client.BusClient.PreferInlineSocketCompletions();
return args switch
{
    ["plan", var dir, var queues] => PlannerBench.Plan(dir, int.Parse(queues, System.Globalization.CultureInfo.InvariantCulture)),
    ["refresh", var config] => PlannerBench.FullThenIncremental(config),
    ["bus", var socket] => await BusBench.RunAsync(socket),
    ["refresh-through-lqosd", var socket, var csv] => await BusBench.IncrementalRefreshAsync(socket, csv),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: lqos-bench plan DIR QUEUES | lqos-bench refresh CONFIG | lqos-bench bus SOCKET");
    return 2;
}
