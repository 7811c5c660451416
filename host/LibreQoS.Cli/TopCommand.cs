using System.CommandLine;
using System.Globalization;
using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Cli;

/// <summary><c>lqos top</c>: the busiest circuits right now (or those with the worst RTT, retransmits or queue drops), once or refreshed every second.</summary>
internal static class TopCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var busPath = CommonOptions.Bus();
        var count = new Option<int>("--count", "-n") { Description = "How many circuits", DefaultValueFactory = _ => 10 };
        var watch = new Option<bool>("--watch", "-w") { Description = "Refresh every second until Ctrl-C" };
        var seconds = new Option<int>("--seconds") { Description = "With --watch, stop after this many seconds (0: run until Ctrl-C)" };
        var sort = new Option<string>("--sort") { Description = "Rank circuits by rate, rtt (customer-side median), retransmits or drops (queue drops, then ECN marks, per second)", DefaultValueFactory = _ => "rate" };
        sort.AcceptOnlyFromAmong("rate", "rtt", "retransmits", "drops");
        var command = new Command("top", "Show the circuits moving the most traffic now, or faring worst") { config, busPath, count, watch, seconds, sort };
        command.SetAction(async (result, ct) =>
        {
            await using var bus = await CommonOptions.ConnectAsync(CommonOptions.BusPath(result.GetValue(busPath), result.GetValue(config)), ct);
            if (bus is null)
                return 1;
            int limit = result.GetValue(seconds);
            var until = limit > 0 ? DateTime.UtcNow.AddSeconds(limit) : DateTime.MaxValue;
            do
            {
                if (result.GetValue(sort) == "drops")
                    await PrintDropsAsync(bus, result.GetValue(count), ct);
                else
                    await PrintAsync(bus, result.GetValue(count), result.GetValue(sort)!, ct);
                if (!result.GetValue(watch))
                    break;
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
            while (DateTime.UtcNow < until);
            return 0;
        });
        return command;
    }

    private static async Task PrintDropsAsync(BusClient bus, int count, CancellationToken ct)
    {
        var replies = await bus.SendAsync([new GetQueueStatsTotal(), new GetTopQueueCircuits(count)], cancellationToken: ct);
        var totals = (QueueStatsTotals)replies[0];
        var top = (TopQueueCircuits)replies[1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.Now:HH:mm:ss}  drops/s {totals.Download.DropsPerSecond,8:F1} down {totals.Upload.DropsPerSecond,8:F1} up   marks/s {totals.Download.MarksPerSecond,8:F1} down {totals.Upload.MarksPerSecond,8:F1} up{(totals.Stale ? "   (stale)" : "")}"));
        foreach (var c in top.Circuits)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {c.CircuitId,-12} {c.CircuitName,-24} drops/s {c.Download.DropsPerSecond,7:F1} {c.Upload.DropsPerSecond,7:F1}  marks/s {c.Download.MarksPerSecond,7:F1} {c.Upload.MarksPerSecond,7:F1}  backlog {c.Download.BacklogBytes,8} {c.Upload.BacklogBytes,8} B"));
        }
    }

    private static async Task PrintAsync(BusClient bus, int count, string sort, CancellationToken ct)
    {
        BusRequest ranking = sort switch
        {
            "rtt" => new GetWorstRtt(count),
            "retransmits" => new GetWorstRetransmits(count),
            _ => new GetTopCircuits(count),
        };
        var replies = await bus.SendAsync([new GetCurrentThroughput(), ranking], cancellationToken: ct);
        var totals = (ThroughputReply)replies[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.Now:HH:mm:ss}  total {Mbps(totals.BitsPerSecond.Down),9} down {Mbps(totals.BitsPerSecond.Up),9} up   shaped {Mbps(totals.ShapedBitsPerSecond.Down),9} down"));
        switch (replies[1])
        {
            case Fail f:
                Console.Error.WriteLine($"lqosd: {f.Message}");
                return;
            case CircuitInsights insights:
                foreach (var c in insights.Circuits)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {c.CircuitId,-12} {c.CircuitName,-24} rtt {FlowCommands.Rtt(c.RttDownload),-24} retransmits {c.Retransmits.Down}/{c.Retransmits.Up} now, {c.RetransmitsTotal.Down}/{c.RetransmitsTotal.Up} total  {c.ActiveFlows} flow(s)"));
                return;
        }
        var top = (TopCircuits)replies[1];
        foreach (var c in top.Circuits)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.CircuitId,-12} {c.CircuitName,-24} {Mbps(c.BitsPerSecond.Down),9} down {Mbps(c.BitsPerSecond.Up),9} up"));
    }

    private static string Mbps(long bits) => (bits / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " Mbps";
}
