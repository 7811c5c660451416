using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.Tc;
using LibreQoS.TestKit;

namespace LibreQoS.Daemon.Tests;

/// <summary>
/// The whole product on a real kernel: lqosd in a shaper namespace bridging a client and the Internet, two
/// circuits planned at 10 and 40 Mbit/s, shaped by the planner's HTB trees and the XDP/TC classifier, measured
/// with iperf3.
/// <code>
///   client eth0 ──veth── isp0 ┐ shaper  ┌ inet0 ──veth── eth0 internet
///   10.99.0.2 (10 Mbit)       └─ br0 ───┘                  10.99.0.1
///   10.99.0.4 (40 Mbit)
///   10.99.0.3 (unmapped)
/// </code>
/// </summary>
[Trait("Requires", "root")]
public sealed class ShapingEndToEndTests : IDisposable
{
    private const string Slow = "10.99.0.2", Fast = "10.99.0.4", Unmapped = "10.99.0.3", Internet = "10.99.0.1";
    private const int Seconds = 3;

    private readonly TempDirectory _dir = new();
    private readonly NetNsFixture _net = new();
    private readonly NetworkNamespace? _client, _shaper, _internet;
    private readonly string _config = "", _bus = "", _bpffs = "";
    private LqosdProcess? _lqosd;

    public ShapingEndToEndTests()
    {
        if (Privileges.WhyNotRoot() is not null || Privileges.WhyMissing(["iperf3"]) is not null)
            return;
        _client = _net.Add("cli");
        _shaper = _net.Add("shp");
        _internet = _net.Add("inet");
        _net.AddVeth(_client, "eth0", _shaper, "isp0", 2);
        _net.AddVeth(_internet, "eth0", _shaper, "inet0", 2);
        _shaper.Ip("link", "add", "br0", "type", "bridge");
        _shaper.Ip("link", "set", "isp0", "master", "br0");
        _shaper.Ip("link", "set", "inet0", "master", "br0");
        _shaper.Ip("link", "set", "br0", "up");
        foreach (var address in new[] { Slow, Fast, Unmapped })
            _client.Ip("addr", "add", address + "/24", "dev", "eth0", "nodad");
        _internet.Ip("addr", "add", Internet + "/24", "dev", "eth0", "nodad");

        // The pins live on a bpffs mounted in the host's mount namespace, so they outlive one lqosd run.
        _bpffs = Directory.CreateDirectory(_dir.File("bpffs")).FullName;
        ProcessRunner.Run("mount", ["-t", "bpf", "bpf", _bpffs]);
        string src = Directory.CreateDirectory(_dir.File("src")).FullName;
        File.WriteAllText(Path.Combine(src, "network.json"), """{"Site_A": {"downloadBandwidthMbps": 500, "uploadBandwidthMbps": 500}}""");
        File.WriteAllText(Path.Combine(src, "ShapedDevices.csv"),
            "Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,Download Max Mbps,Upload Max Mbps,Comment\n" +
            $"C-slow,Slow Customer,D-slow,cpe,Site_A,,{Slow},,2,2,10,10,\n" +
            $"C-fast,Fast Customer,D-fast,cpe,Site_A,,{Fast},,8,8,40,40,\n");
        _bus = _dir.File("run/bus");
        _config = _dir.Write("lqos.conf", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", src, StringComparison.Ordinal)
            .Replace("to_internet = \"eth0\"", "to_internet = \"inet0\"", StringComparison.Ordinal)
            .Replace("to_network = \"eth1\"", "to_network = \"isp0\"", StringComparison.Ordinal)
            .Replace("[queues]\n", "[queues]\noverride_available_queues = 2\nfallback_sqm = \"pfifo\"\n", StringComparison.Ordinal)
            + $"\n[lqosd]\nbus_socket = \"{_bus}\"\nbpf_pin_directory = \"{_bpffs}/lqos\"\n");
    }

    public void Dispose()
    {
        StopLqosd();
        _net.Dispose();
        if (_bpffs.Length > 0)
            ProcessRunner.Run("umount", [_bpffs]);
        _dir.Dispose();
    }

    [RootFact]
    public async Task Refresh_TwoCircuits_AreShapedToTheirPlansWhileAnUnmappedHostRunsFree()
    {
        await StartLqosdAsync();
        Assert.Equal(0, Lqos("refresh").ExitCode);

        var results = Download((Slow, null), (Fast, null), (Unmapped, 200));

        Assert.InRange(results[Slow].Mbps, 10 * 0.85, 10 * 1.15);
        Assert.InRange(results[Fast].Mbps, 40 * 0.85, 40 * 1.15);
        Assert.True(results[Unmapped].Mbps > 200 * 0.8, $"the unmapped host got only {results[Unmapped].Mbps:F0} Mbit/s");
        await Task.Delay(TimeSpan.FromSeconds(2)); // lqosd samples the counters once a second
        await using var bus = await BusClient.ConnectAsync(_bus);
        var fast = Assert.IsType<CircuitStatsReply>(await bus.SendAsync(new GetCircuitStats("C-fast")));
        Assert.Equal("Fast Customer", fast.Circuit.CircuitName);
        Assert.InRange(fast.Bytes.Down, results[Fast].ReceivedBytes, results[Fast].ReceivedBytes * 1.05 + results[Fast].Retransmits * 1600);
    }

    [RootFact]
    public async Task Refresh_TwoCircuits_AreShapedOnUploadToo()
    {
        await StartLqosdAsync();
        Assert.Equal(0, Lqos("refresh").ExitCode);

        var results = Upload((Slow, null), (Fast, null), (Unmapped, 200));

        Assert.InRange(results[Slow].Mbps, 10 * 0.85, 10 * 1.15);
        Assert.InRange(results[Fast].Mbps, 40 * 0.85, 40 * 1.15);
        Assert.True(results[Unmapped].Mbps > 200 * 0.8, $"the unmapped host got only {results[Unmapped].Mbps:F0} Mbit/s");
    }

    [RootFact]
    public async Task MappingDeleted_HostIsUnshapedAtOnce_AndARestartKeepsTheOtherMappings()
    {
        await StartLqosdAsync();
        Assert.Equal(0, Lqos("refresh").ExitCode);

        Assert.Equal(0, Lqos("mappings", "del", Slow).ExitCode);
        var freed = Download((Slow, 200));
        Assert.True(freed[Slow].Mbps > 200 * 0.8, $"after deleting its mapping the host got only {freed[Slow].Mbps:F0} Mbit/s");

        StopLqosd();
        await StartLqosdAsync();
        Assert.Contains(Fast, Lqos("mappings", "list").StandardOutput, StringComparison.Ordinal);
        var still = Download((Fast, null));
        Assert.InRange(still[Fast].Mbps, 40 * 0.85, 40 * 1.15);
    }

    [RootFact]
    public async Task SaturatedCircuit_DropsBacklogAndOverlimits_AppearOnTheCircuitAndInTheTotals()
    {
        await StartLqosdAsync();
        Assert.Equal(0, Lqos("refresh").ExitCode);
        // A 5-packet pfifo under the 10 Mbit/s class, and 40 Mbit/s of UDP into it (TCP's aggregated GRO segments
        // would back off without a drop): a backlog, the class over its rate, and drops.
        string slowClass = SlowDownloadClass();
        _shaper!.Tc("qdisc", "replace", "dev", "isp0", "parent", slowClass, "pfifo", "limit", "5");
        Iperf3.StartServer(_client!, Slow, 5301);
        var traffic = Task.Run(() => _internet!.Exec(TimeSpan.FromSeconds(30), "iperf3", "-u", "-b", "40M", "-c", Slow, "-p", "5301", "-t", "6"));

        await using var bus = await BusClient.ConnectAsync(_bus);
        long maxBacklog = 0;
        ProcessResult? topWhileDropping = null;
        var started = DateTime.UtcNow;
        while (!traffic.IsCompleted)
        {
            if (await bus.SendAsync(new GetRawQueueData("C-slow")) is RawQueueData live)
                maxBacklog = Math.Max(maxBacklog, live.Circuit.Download.BacklogBytes);
            if (topWhileDropping is null && DateTime.UtcNow - started > TimeSpan.FromSeconds(2.5))
                topWhileDropping = Lqos("top", "--sort", "drops", "--count", "1");
            await Task.Delay(300);
        }
        Assert.Equal(0, (await traffic).ExitCode);
        await Task.Delay(QueueReadSettles);

        var kernelLeaf = TcQdiscListing.Parse(_shaper.Tc("-s", "-j", "qdisc", "show", "dev", "isp0")).Single(q => q.Parent.ToString() == slowClass);
        var raw = Assert.IsType<RawQueueData>(await bus.SendAsync(new GetRawQueueData("C-slow")));
        Assert.False(raw.Stale);
        Assert.Equal(("pfifo", kernelLeaf.Counters.Drops), (raw.DownloadLeaf!.Kind, raw.Circuit.Download.Drops));
        Assert.True(raw.Circuit.Download.Drops > 0, "no drops reported for 40 Mbit/s into a 10 Mbit/s class with a 5-packet queue");
        Assert.True(raw.Circuit.Download.Overlimits > 0, "a saturated class must have been over its limit");
        Assert.True(maxBacklog > 0, "no backlog was seen while the class was saturated");
        var totals = Assert.IsType<QueueStatsTotals>(await bus.SendAsync(new GetQueueStatsTotal()));
        Assert.True(totals.Download.Drops >= raw.Circuit.Download.Drops && totals.Download.Overlimits >= raw.Circuit.Download.Overlimits,
            $"totals ({totals.Download.Drops} drops) should include the circuit's ({raw.Circuit.Download.Drops})");
        var site = Assert.Single(Assert.IsType<SiteQueueStatsReply>(await bus.SendAsync(new GetSiteQueueStats())).Sites, s => s.Path == "Site_A");
        Assert.Equal(totals.Download.Drops, site.Download.Drops);
        var queues = Lqos("queues", "C-slow");
        Assert.Contains("leaf: pfifo", queues.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, topWhileDropping!.ExitCode);
        Assert.Contains("C-slow", topWhileDropping.StandardOutput, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task History_AfterARestart_TheCircuitsLastMinutesAreStillThere()
    {
        await StartLqosdAsync();
        Assert.Equal(0, Lqos("refresh").ExitCode);
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Download((Slow, null));
        await Task.Delay(TimeSpan.FromSeconds(2)); // the last busy second reaches the store

        StopLqosd();
        await StartLqosdAsync();

        await using var bus = await BusClient.ConnectAsync(_bus);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var history = Assert.IsType<HistoryReply>(await bus.SendAsync(new GetHistory("circuit", "C-slow", now - 3600, now)));
        Assert.Equal(1, history.ResolutionSeconds);
        var busy = history.Points.Where(p => p.BitsPerSecond.Down > 5_000_000).ToList();
        Assert.True(busy.Count >= Seconds - 1, $"expected about {Seconds} busy seconds of C-slow, got {busy.Count}");
        Assert.All(busy, p => Assert.InRange(p.AtUnix, before, now));
        Assert.All(busy, p => Assert.True(p.BitsPerSecond.Down < 10_000_000 * 1.3, $"{p.BitsPerSecond.Down} bit/s exceeds the 10 Mbit/s plan"));
        var cli = Lqos("history", "C-slow", "--range", "1h");
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("at 1 s", cli.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Two queue reads (every 2 s) after the traffic stopped, so the values are the final ones.</summary>
    private static readonly TimeSpan QueueReadSettles = TimeSpan.FromSeconds(4.5);

    /// <summary>C-slow's class on the download interface, as its IP mapping names it (<c>1:5</c>).</summary>
    private string SlowDownloadClass() =>
        Lqos("mappings", "list").StandardOutput.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(w => w.Length > 1 && w[0] == Slow && w.Contains("download"))[1];

    private Dictionary<string, Iperf3Result> Download(params (string Host, int? PaceMbps)[] flows)
    {
        var ports = flows.Select((f, i) => (f.Host, f.PaceMbps, Port: 5301 + i)).ToList();
        foreach (var (host, _, port) in ports)
            Iperf3.StartServer(_client!, host, port);
        var runs = ports.Select(p => Task.Run(() => Iperf3.Run(_internet!, p.Host, p.Port, Seconds, megabitsPerSecond: p.PaceMbps))).ToArray();
        Task.WaitAll(runs);
        return ports.Select((p, i) => (p.Host, runs[i].Result)).ToDictionary(r => r.Host, r => r.Result);
    }

    private Dictionary<string, Iperf3Result> Upload(params (string Host, int? PaceMbps)[] flows)
    {
        var ports = flows.Select((f, i) => (f.Host, f.PaceMbps, Port: 5401 + i)).ToList();
        foreach (var (_, _, port) in ports)
            Iperf3.StartServer(_internet!, Internet, port);
        var runs = ports.Select(p => Task.Run(() => Iperf3.Run(_client!, Internet, p.Port, Seconds, bind: p.Host, megabitsPerSecond: p.PaceMbps))).ToArray();
        Task.WaitAll(runs);
        return ports.Select((p, i) => (p.Host, runs[i].Result)).ToDictionary(r => r.Host, r => r.Result);
    }

    private ProcessResult Lqos(params string[] arguments)
    {
        string[] command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "lqos.dll"), .. arguments, "--config", _config];
        return _shaper!.Exec(TimeSpan.FromMinutes(2), command);
    }

    private async Task StartLqosdAsync() => _lqosd = await LqosdProcess.StartAsync(_shaper!, _config, _dir, TimeSpan.FromSeconds(60));

    private void StopLqosd()
    {
        _lqosd?.Dispose();
        _lqosd = null;
    }
}
