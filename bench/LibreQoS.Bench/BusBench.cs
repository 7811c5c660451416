using System.Diagnostics;
using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Bench;

/// <summary>Bus figures against a running lqosd: ping rate, latency under 64 clients, bulk mappings.</summary>
internal static class BusBench
{
    /// <summary>
    /// One-circuit changes applied through a running lqosd with <c>refresh --updateonly</c>: from sending the request
    /// to the reply (inputs re-read and validated, planned, diffed, tc run, mappings and files updated).
    /// </summary>
    public static async Task<int> IncrementalRefreshAsync(string socket, string csv)
    {
        await using var client = await BusClient.ConnectAsync(socket);
        var full = Stopwatch.StartNew();
        var reply0 = await client.SendAsync(new Refresh());
        if (reply0 is not RefreshReply first)
            throw new InvalidOperationException($"lqosd refused the refresh: {((Fail)reply0).Message}");
        Console.WriteLine($"full refresh through lqosd: {full.Elapsed.TotalMilliseconds:F0} ms ({first.Summary})");
        var lines = File.ReadAllLines(csv);
        var times = new List<double>();
        var phases = new List<string>();
        for (int i = 0; i < 15; i++)
        {
            var cells = lines[1].Split(',');
            cells[10] = (300 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines[1] = string.Join(',', cells);
            File.WriteAllLines(csv, lines);
            // An operator's changes come seconds apart: each starts with lqosd idle, its previous records written.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var watch = Stopwatch.StartNew();
            phases.Clear();
            var reply = (RefreshReply)await client.SendAsync(new Refresh(UpdateOnly: true), line =>
            {
                if (line.Message.EndsWith(" ms", StringComparison.Ordinal))
                    phases.Add(line.Message.Split("ms  ", 2)[^1]);
                return ValueTask.CompletedTask;
            });
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (!reply.Summary.StartsWith("Updated", StringComparison.Ordinal))
                throw new InvalidOperationException(reply.Summary);
        }
        times.Sort();
        Console.WriteLine($"one-circuit --updateonly through lqosd: median {times[times.Count / 2]:F0} ms, best {times[0]:F0} ms over {times.Count} changes");
        Console.WriteLine($"  phases of the last change: {string.Join("; ", phases)}");
        return 0;
    }

    public static async Task<int> RunAsync(string socket)
    {
        await using (var client = await BusClient.ConnectAsync(socket))
        {
            for (int i = 0; i < 2000; i++)
                await client.SendAsync(new Ping());
            const int pings = 50_000;
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < pings; i++)
                await client.SendAsync(new Ping());
            Console.WriteLine($"ping, one client: {pings / watch.Elapsed.TotalSeconds:F0} round trips/s ({pings} sequential pings)");
        }

        const int clients = 64, perClient = 500;
        var latencies = new double[clients * perClient];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            await using var client = await BusClient.ConnectAsync(socket);
            for (int i = 0; i < perClient; i++)
            {
                long start = Stopwatch.GetTimestamp();
                await client.SendAsync(new Ping());
                latencies[c * perClient + i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        Array.Sort(latencies);
        Console.WriteLine($"ping, {clients} concurrent clients: p50 {latencies[latencies.Length / 2]:F2} ms, p99 {latencies[(int)(latencies.Length * 0.99)]:F2} ms, max {latencies[^1]:F2} ms ({latencies.Length} pings)");

        await using (var client = await BusClient.ConnectAsync(socket))
        {
            await client.SendAsync(new ClearIpFlow());
            const int mappings = 100_000, batch = 10_000;
            var all = Enumerable.Range(0, mappings).Select(i => (BusRequest)new MapIpToFlow(
                $"100.{64 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}", $"{1 + i % 4:x}:{3 + i % 60000:x}", i % 4, false, $"C{i}", $"D{i}")).ToList();
            var watch = Stopwatch.StartNew();
            for (int start = 0; start < mappings; start += batch)
            {
                var replies = await client.SendAsync(all.GetRange(start, batch));
                if (replies.OfType<Fail>().FirstOrDefault() is { } fail)
                    throw new InvalidOperationException(fail.Message);
            }
            await client.SendAsync(new ClearHotCache());
            watch.Stop();
            var listed = (MappedIps)await client.SendAsync(new ListIpFlow());
            Console.WriteLine($"100,000 IP mappings added in frames of {batch:N0}: {watch.Elapsed.TotalMilliseconds:F0} ms ({listed.Mappings.Count:N0} now mapped)");
        }
        return 0;
    }
}
