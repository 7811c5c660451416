using System.Diagnostics;
using System.Globalization;
using LibreQoS.Bpf.DataPlane;
using LibreQoS.Core.Network;

// The native half of bench/xdp, which sets up the namespaces and runs iperf3:
//   LibreQoS.Bpf.Bench map-updates PIN_DIR COUNT ROUNDS   mapping writes per second, batched and one at a time
//   LibreQoS.Bpf.Bench attach PIN_DIR TO_INTERNET TO_ISP [MAPPED_ADDRESS]
//                                                     attach in the caller's namespace and exit, leaving it attached
// and the native half of bench/insight:
//   LibreQoS.Bpf.Bench attach-flows PIN_DIR TO_INTERNET TO_ISP MAPPED_ADDRESS    attach as above, flow tracking on
//   LibreQoS.Bpf.Bench tick CIRCUITS FLOWS TICKS                                  the flow tick's CPU time
//   LibreQoS.Bpf.Bench flood PIN_DIR FROM TO TUPLES                              mapping writes during a 5-tuple flood
return args switch
{
    ["attach-flows", var pins, var toInternet, var toIsp, var mapped] => Attach(pins, toInternet, toIsp, [mapped], trackFlows: true),
    ["tick", var circuits, var flows, var ticks] => InsightBench.Tick(Int(circuits), Int(flows), Int(ticks)),
    ["flood", var pins, var from, var to, var tuples] => InsightBench.Flood(pins, from, to, Int(tuples)),
    ["map-updates", var pins, var count, var rounds] => MapUpdates(pins, int.Parse(count, CultureInfo.InvariantCulture), int.Parse(rounds, CultureInfo.InvariantCulture)),
    ["attach", var pins, var toInternet, var toIsp, .. var mapped] => Attach(pins, toInternet, toIsp, mapped),
    _ => Usage(),
};

static int MapUpdates(string pins, int count, int rounds)
{
    using var dataPlane = ShaperDataPlane.Load(pins);
    dataPlane.Mappings.Clear();
    var mappings = Enumerable.Range(0, count).Select(i =>
        new IpMapping(IpPrefix.Parse($"100.{64 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}"), (uint)(i % 2), 0x10000 + (uint)(i % 4000), (ulong)i + 1, (ulong)i + 1)).ToArray();

    var batched = new List<double>();
    for (int round = 0; round < rounds; round++)
    {
        var clock = Stopwatch.StartNew();
        dataPlane.Mappings.Set(mappings);
        batched.Add(count / clock.Elapsed.TotalSeconds);
    }
    string mode = dataPlane.Mappings.UsesBatchSyscalls ? "batch syscalls" : "one syscall each (no kernel batch support)";
    Console.WriteLine($"batched updates: median {Median(batched):N0}/s, best {batched.Max():N0}/s ({count:N0} mappings x {rounds} rounds, {mode})");

    var single = mappings.Take(Math.Min(count, 20_000)).ToArray();
    var singleClock = Stopwatch.StartNew();
    foreach (var mapping in single)
        dataPlane.Mappings.Set(mapping);
    Console.WriteLine($"one-at-a-time updates: {single.Length / singleClock.Elapsed.TotalSeconds:N0}/s ({single.Length:N0} mappings)");

    var clearClock = Stopwatch.StartNew();
    int cleared = dataPlane.Mappings.Clear();
    Console.WriteLine($"clear: {cleared:N0} mappings in {clearClock.Elapsed.TotalMilliseconds:F0} ms");
    return 0;
}

static int Attach(string pins, string toInternet, string toIsp, string[] mapped, bool trackFlows = false)
{
    using var dataPlane = ShaperDataPlane.Load(pins);
    dataPlane.Flows.Enabled = trackFlows;
    dataPlane.Mappings.Clear();
    foreach (var address in mapped)
        dataPlane.Mappings.Set(new IpMapping(IpPrefix.Parse(address), Cpu: 0, TcHandle: 0x10010, CircuitId: 1, DeviceId: 1));
    var report = dataPlane.Attach(new BridgeTopology(toInternet, toIsp));
    Console.WriteLine($"attached to {string.Join(", ", report.Interfaces.Select(i => $"{i.Name} ({i.XdpMode})"))}, mapped: {(mapped.Length == 0 ? "none" : string.Join(", ", mapped))}");
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: LibreQoS.Bpf.Bench map-updates PIN_DIR COUNT ROUNDS | attach PIN_DIR TO_INTERNET TO_ISP [MAPPED_ADDRESS] | " +
                            "attach-flows PIN_DIR TO_INTERNET TO_ISP MAPPED_ADDRESS | tick CIRCUITS FLOWS TICKS | flood PIN_DIR FROM TO TUPLES");
    return 2;
}

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
