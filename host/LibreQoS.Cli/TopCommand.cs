using System.CommandLine;
using System.Globalization;
using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Cli;

/// <summary><c>lqos top</c>: the busiest circuits right now, once or refreshed every second.</summary>
internal static class TopCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var busPath = CommonOptions.Bus();
        var count = new Option<int>("--count", "-n") { Description = "How many circuits", DefaultValueFactory = _ => 10 };
        var watch = new Option<bool>("--watch", "-w") { Description = "Refresh every second until Ctrl-C" };
        var seconds = new Option<int>("--seconds") { Description = "With --watch, stop after this many seconds (0: run until Ctrl-C)" };
        var sort = new Option<string>("--sort") { Description = "Rank circuits by rate, rtt (customer-side median) or retransmits", DefaultValueFactory = _ => "rate" };
        sort.AcceptOnlyFromAmong("rate", "rtt", "retransmits");
        var command = new Command("top", "Show the circuits moving the most traffic now") { config, busPath, count, watch, seconds, sort };
        command.SetAction(async (result, ct) =>
        {
            await using var bus = await CommonOptions.ConnectAsync(CommonOptions.BusPath(result.GetValue(busPath), result.GetValue(config)), ct);
            if (bus is null)
                return 1;
            int limit = result.GetValue(seconds);
            var until = limit > 0 ? DateTime.UtcNow.AddSeconds(limit) : DateTime.MaxValue;
            do
            {
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
