using System.CommandLine;
using System.Globalization;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Cli;

/// <summary><c>lqos flows</c> and <c>lqos unknown-ips</c>: what the flow tracking sees.</summary>
internal static class FlowCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Flows();
        yield return UnknownIps();
    }

    private static Command Flows()
    {
        var circuit = new Argument<string?>("circuit-id") { Description = "Show this circuit's flows; without it, the busiest flows", Arity = ArgumentArity.ZeroOrOne };
        var count = new Option<int>("--count", "-n") { Description = "How many flows (without a circuit id)", DefaultValueFactory = _ => 20 };
        var by = new Option<string>("--by") { Description = "Rank the busiest flows by rate or bytes", DefaultValueFactory = _ => "rate" };
        by.AcceptOnlyFromAmong("rate", "bytes");
        return BusCommands.BusCommand("flows", "Show one circuit's live flows (RTT, retransmits) or the busiest flows", [circuit, count, by], async (bus, r, ct) =>
        {
            string? id = r.GetValue(circuit);
            var reply = await bus.SendAsync(id is null ? new TopFlows(r.GetValue(by)!, r.GetValue(count)) : new GetCircuitFlows(id), cancellationToken: ct);
            switch (reply)
            {
                case Fail f:
                    Console.Error.WriteLine($"lqos flows: {f.Message}");
                    return 1;
                case CircuitFlowsReply c:
                    if (c.Circuit is { } stats)
                        Console.WriteLine(Invariant($"{stats.CircuitId} {stats.CircuitName}: RTT {Rtt(stats.RttDownload)} down / {Rtt(stats.RttUpload)} up, retransmits {stats.RetransmitsTotal.Down} down / {stats.RetransmitsTotal.Up} up since start, {stats.ActiveFlows} flow(s)"));
                    PrintFlows(c.Flows);
                    return 0;
                case FlowList list:
                    PrintFlows(list.Flows);
                    return 0;
                default:
                    Console.Error.WriteLine($"lqos flows: unexpected reply {reply.GetType().Name}");
                    return 1;
            }
        });
    }

    private static Command UnknownIps()
    {
        var csv = new Option<bool>("--csv") { Description = "Print CSV (ip_address,last_seen_utc,download_bytes,upload_bytes)" };
        var clear = new Option<bool>("--clear") { Description = "Empty the list; hosts seen again come back" };
        return BusCommands.BusCommand("unknown-ips", "Hosts seen in the last 5 minutes with no mapping (honouring [ip_ranges])", [csv, clear], async (bus, r, ct) =>
        {
            if (r.GetValue(clear))
            {
                await bus.SendAsync(new ClearUnknownIps(), cancellationToken: ct);
                Console.WriteLine("unknown IPs cleared");
                return 0;
            }
            var reply = await bus.SendAsync(new AllUnknownIps(), cancellationToken: ct);
            if (reply is not Bus.Protocol.UnknownIps list)
            {
                Console.Error.WriteLine($"lqos unknown-ips: {(reply as Fail)?.Message ?? reply.GetType().Name}");
                return 1;
            }
            if (r.GetValue(csv))
                Console.WriteLine("ip_address,last_seen_utc,download_bytes,upload_bytes");
            foreach (var ip in list.Ips)
            {
                string seen = DateTimeOffset.FromUnixTimeSeconds(ip.LastSeenUnix).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                Console.WriteLine(r.GetValue(csv)
                    ? Invariant($"{ip.IpAddress},{seen},{ip.DownloadBytes},{ip.UploadBytes}")
                    : Invariant($"{ip.IpAddress,-40} last seen {seen}  {ip.DownloadBytes,12} B down {ip.UploadBytes,12} B up"));
            }
            if (!r.GetValue(csv))
                Console.WriteLine($"{list.Ips.Count} unknown IP(s)");
            return 0;
        });
    }

    private static void PrintFlows(IReadOnlyList<FlowInfo> flows)
    {
        foreach (var f in flows)
            Console.WriteLine(Invariant($"  {f.LocalAddress}:{f.LocalPort} <-> {f.RemoteAddress}:{f.RemotePort} {Protocol(f.Protocol),-4} {Mbps(f.BitsPerSecond.Down),10} down {Mbps(f.BitsPerSecond.Up),10} up  {f.Bytes.Down + f.Bytes.Up,12} B  rtt {f.RttUs.Down / 1000.0:F1}/{f.RttUs.Up / 1000.0:F1} ms  retx {f.Retransmits.Down}/{f.Retransmits.Up}  {f.End}"));
        Console.WriteLine($"{flows.Count} flow(s)");
    }

    internal static string Rtt(RttInfo? rtt) => rtt is null ? "-" : Invariant($"{rtt.P50Ms:F1} ms (p95 {rtt.P95Ms:F1})");

    private static string Protocol(int protocol) => protocol switch { 6 => "tcp", 17 => "udp", 1 => "icmp", 58 => "icmp6", _ => protocol.ToString(CultureInfo.InvariantCulture) };

    private static string Mbps(long bits) => (bits / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " Mbps";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
