using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LibreQoS.Bpf.DataPlane;
using LibreQoS.Core.Flows;
using LibreQoS.Core.Network;
using LibreQoS.Flows.Rollup;
using LibreQoS.Flows.Tracking;

/// <summary>bench/insight's figures: the flow tick's CPU time, and mapping updates under a flood of new 5-tuples.</summary>
internal static class InsightBench
{
    private const ulong Second = 1_000_000_000;

    /// <summary>
    /// The 1 s tick's user-space work (fold flows and RTT samples, decide expiry, roll up to sites) at the given size:
    /// CPU time per tick over <paramref name="ticks"/> ticks, after two warm-up ticks.
    /// </summary>
    public static int Tick(int circuits, int flows, int ticks)
    {
        var names = Enumerable.Range(0, circuits).Select(i => $"C{i}").ToArray();
        var parents = names.Select((id, i) => (id, $"Site{i % 100}/AP{i % 1000}")).ToList();
        var samples = Enumerable.Range(0, flows).Select(i => new FlowTuple(
            IpPrefix.Parse($"198.{18 + (i >> 16) % 2}.{(i >> 8) & 255}.{i & 255}"),
            IpPrefix.Parse($"100.{64 + (i % circuits >> 16)}.{(i % circuits >> 8) & 255}.{i % circuits & 255}"), 443, (ushort)(1024 + i % 60000), 6)).ToArray();
        var tracker = new FlowTracker(new FlowTrackerOptions());
        var process = Process.GetCurrentProcess();
        var cpu = new List<double>();
        for (int t = 0; t < ticks + 2; t++)
        {
            ulong now = (ulong)(t + 10) * Second;
            var read = new FlowSample[flows];
            for (int i = 0; i < flows; i++)
            {
                ulong bytes = (ulong)(t + 1) * 150_000;
                read[i] = new FlowSample(samples[i], new FlowWay(bytes, bytes / 1500, 1_200_000, (uint)t, 20_000_000), new FlowWay(bytes / 20, bytes / 3000, 60_000, 0, 5_000_000),
                    Second, now, 0x10003, (ulong)(i % circuits) + 1, 1, FlowEnd.Alive, 0);
            }
            var rtt = Enumerable.Range(0, flows / 10).Select(i => new RttSample(samples[i * 10], FlowDirection.Download, (ulong)(10 + i % 90) * 1_000_000)).ToList();

            process.Refresh();
            var before = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var tick = tracker.Update(read, rtt, now, hash => hash - 1 < (ulong)circuits ? names[hash - 1] : null);
            var sites = SiteInsightRollup.Roll(parents.Select(p => new CircuitInsightInput(p.Item2, new DownUpCount(1_000_000, 100_000), tick.Circuits.GetValueOrDefault(p.id))));
            wall.Stop();
            process.Refresh();
            if (t >= 2)
                cpu.Add((process.TotalProcessorTime - before).TotalMilliseconds);
            if (t == ticks + 1)
                Console.WriteLine($"tick: {circuits:N0} circuits, {flows:N0} flows, {rtt.Count:N0} RTT samples per tick, {sites.Count:N0} sites/APs rolled up; " +
                                  $"CPU per tick median {Median(cpu):F0} ms, worst {cpu.Max():F0} ms over {ticks} ticks (last wall {wall.ElapsedMilliseconds} ms; target <= 100 ms)");
        }
        return 0;
    }

    /// <summary>
    /// Sends <paramref name="tuples"/> UDP datagrams, each a new 5-tuple, from the caller's namespace, while timing
    /// batches of 1,000 mapping writes; prints the write rate during the flood against before it.
    /// </summary>
    public static int Flood(string pins, string from, string to, int tuples)
    {
        using var dataPlane = ShaperDataPlane.Load(pins);
        var mappings = Enumerable.Range(0, 1000).Select(i => new IpMapping(IpPrefix.Parse($"100.127.{i >> 8}.{i & 255}"), 0, 0x10010, (ulong)i + 1, 1)).ToArray();
        double Rate()
        {
            var clock = Stopwatch.StartNew();
            int rounds = 0;
            while (clock.ElapsedMilliseconds < 1000)
            {
                dataPlane.Mappings.Set(mappings);
                rounds++;
            }
            return rounds * mappings.Length / clock.Elapsed.TotalSeconds;
        }
        double quiet = Rate();
        var sender = Task.Run(() => Send(from, to, tuples));
        var during = new List<double>();
        while (!sender.IsCompleted)
            during.Add(Rate());
        var (sent, seconds) = sender.Result;
        Console.WriteLine($"flood: {sent:N0} distinct 5-tuples in {seconds:F1} s ({sent / seconds:N0} packets/s); mapping writes {quiet:N0}/s before, " +
                          $"median {Median(during):N0}/s during (worst {during.DefaultIfEmpty(0).Min():N0}/s) into the trie the attached programs read");
        dataPlane.Mappings.Remove(mappings.Select(m => m.Prefix));
        return 0;
    }

    private static (int Sent, double Seconds) Send(string from, string to, int tuples)
    {
        var clock = Stopwatch.StartNew();
        var destination = IPAddress.Parse(to);
        var payload = new byte[18];
        int sent = 0;
        for (int source = 0; sent < tuples; source++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(from), 20000 + source));
            for (int port = 1; port < 65536 && sent < tuples; port++, sent++)
                socket.SendTo(payload, new IPEndPoint(destination, port));
        }
        return (sent, clock.Elapsed.TotalSeconds);
    }

    private static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);
}
