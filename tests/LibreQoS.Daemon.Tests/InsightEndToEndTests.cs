using System.Net;
using System.Net.Sockets;
using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.TestKit;

namespace LibreQoS.Daemon.Tests;

/// <summary>
/// lqosd's flow insight on a real kernel: the same bridge as <see cref="ShapingEndToEndTests"/>, the slow circuit's
/// pfifo leaf 200 packets deep (so a saturating download queues up to 240 ms), and an ignored range.
/// <code>
///   client eth0 ──veth── isp0 ┐ shaper  ┌ inet0 ──veth── eth0 internet
///   10.99.0.2 (10 Mbit)       └─ br0 ───┘                  10.99.0.1
///   10.99.0.3 (unmapped), 10.99.0.200 (in ignore_subnets)
/// </code>
/// </summary>
[Trait("Requires", "root")]
public sealed class InsightEndToEndTests : IDisposable
{
    private const string Slow = "10.99.0.2", Unmapped = "10.99.0.3", Ignored = "10.99.0.200", Internet = "10.99.0.1";

    private readonly TempDirectory _dir = new();
    private readonly NetNsFixture _net = new();
    private readonly NetworkNamespace? _client, _shaper, _internet;
    private readonly string _config = "", _bus = "", _bpffs = "";
    private LqosdProcess? _lqosd;

    public InsightEndToEndTests()
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
        _shaper.Ip("link", "set", "isp0", "txqueuelen", "200"); // the pfifo leaves take their limit from it
        foreach (var address in new[] { Slow, Unmapped, Ignored })
            _client.Ip("addr", "add", address + "/24", "dev", "eth0", "nodad");
        _internet.Ip("addr", "add", Internet + "/24", "dev", "eth0", "nodad");

        _bpffs = Directory.CreateDirectory(_dir.File("bpffs")).FullName;
        ProcessRunner.Run("mount", ["-t", "bpf", "bpf", _bpffs]);
        string src = Directory.CreateDirectory(_dir.File("src")).FullName;
        File.WriteAllText(Path.Combine(src, "network.json"), """{"Site_A": {"downloadBandwidthMbps": 500, "uploadBandwidthMbps": 500}}""");
        File.WriteAllText(Path.Combine(src, "ShapedDevices.csv"),
            "Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,Download Max Mbps,Upload Max Mbps,Comment\n" +
            $"C-slow,Slow Customer,D-slow,cpe,Site_A,,{Slow},,2,2,10,10,\n");
        _bus = _dir.File("run/bus");
        _config = _dir.Write("lqos.conf", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", src, StringComparison.Ordinal)
            .Replace("to_internet = \"eth0\"", "to_internet = \"inet0\"", StringComparison.Ordinal)
            .Replace("to_network = \"eth1\"", "to_network = \"isp0\"", StringComparison.Ordinal)
            .Replace("[queues]\n", "[queues]\noverride_available_queues = 2\nfallback_sqm = \"pfifo\"\n", StringComparison.Ordinal)
            .Replace("ignore_subnets = []", "ignore_subnets = [\"10.99.0.192/26\"]", StringComparison.Ordinal)
            + $"\n[lqosd]\nbus_socket = \"{_bus}\"\nbpf_pin_directory = \"{_bpffs}/lqos\"\n"
            + "\n[flows]\nflow_timeout_seconds = 3\nnetflow_enabled = false\n");
    }

    public void Dispose()
    {
        _lqosd?.Dispose();
        _net.Dispose();
        if (_bpffs.Length > 0)
            ProcessRunner.Run("umount", [_bpffs]);
        _dir.Dispose();
    }

    [RootFact]
    public async Task UnknownIps_AppearWithinTwoSeconds_LeaveOnceMapped_AndAnIgnoredRangeNeverAppears()
    {
        await StartAsync();

        SendUdp(Unmapped);
        SendUdp(Ignored);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var listed = Lqos("unknown-ips", "--csv").StandardOutput;

        Assert.Contains($"\n{Unmapped},", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(Ignored, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(Slow, listed, StringComparison.Ordinal);

        Assert.Equal(0, Lqos("mappings", "add", Unmapped, "1:2", "0", "--circuit-id", "C-new").ExitCode);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.DoesNotContain(Unmapped, Lqos("unknown-ips", "--csv").StandardOutput, StringComparison.Ordinal);
    }

    // Out of `make test` until it agrees reliably: on this 2-core class the circuit's RTT p50 and ping's median have
    // differed by up to 26 % in either direction between runs (issue 15 stays open for it). Run it with
    // `dotnet test tests/LibreQoS.Daemon.Tests --filter Category=Unreliable`.
    [RootFact]
    [Trait("Category", "Unreliable")]
    public async Task Rtt_OfASaturatedDeepQueue_AgreesWithPing_OnTheCircuitAndItsSite_AndTheFlowEnds()
    {
        await StartAsync();
        Iperf3.StartServer(_client!, Slow, 5301);
        // A capped window keeps the same bytes in flight, more than the 10 Mbit/s class carries in a round trip: the
        // class stays saturated and its pfifo holds a steady queue (a free-running sender's sawtooth would make RTT
        // and ping sample different moments of a queue that fills and drains).
        var download = Task.Run(() => Iperf3.Run(_internet!, Slow, 5301, 16, windowKilobytes: 64));
        // Ping through exactly lqosd's 10 s RTT window, once the queue has filled, so both measure the same queue.
        await Task.Delay(TimeSpan.FromSeconds(4));

        var pings = Ping(Slow, TimeSpan.FromSeconds(10));
        await using var bus = await BusClient.ConnectAsync(_bus);
        var replies = await bus.SendAsync([new GetCircuitFlows("C-slow"), new GetSiteInsights()]);
        await download;

        double ping = pings.Order().ElementAt(pings.Count / 2);
        var circuit = Assert.IsType<CircuitFlowsReply>(replies[0]).Circuit!;
        Assert.True(ping > 20, $"the queue did not fill: ping median {ping} ms");
        double rtt = circuit.RttDownload!.P50Ms;
        Assert.True(rtt >= ping * 0.85 && rtt <= ping * 1.15, $"circuit RTT p50 {rtt:F1} ms, ping median {ping:F1} ms ({pings.Count} pings)");
        var site = Assert.IsType<SiteInsights>(replies[1]).Sites.Single(s => s.Path == "Site_A");
        Assert.Equal(rtt, site.RttDownload!.P50Ms); // the site's only circuit

        // iperf3 has closed its connections: they end, and leave the list once idle past flow_timeout_seconds (3 s).
        await Task.Delay(TimeSpan.FromSeconds(5));
        var after = Assert.IsType<CircuitFlowsReply>(await bus.SendAsync(new GetCircuitFlows("C-slow")));
        Assert.Empty(after.Flows);
        Assert.Equal(0, after.Circuit!.ActiveFlows);
    }

    private async Task StartAsync()
    {
        _lqosd = await LqosdProcess.StartAsync(_shaper!, _config, _dir, TimeSpan.FromSeconds(60));
        var refresh = Lqos("refresh");
        Assert.True(refresh.ExitCode == 0, refresh.StandardError + refresh.StandardOutput);
    }

    private void SendUdp(string from) => _client!.Run(() =>
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
        for (int i = 0; i < 5; i++)
            socket.SendTo(new byte[64], new IPEndPoint(IPAddress.Parse(Internet), 9));
    });

    /// <summary>Echo requests from the Internet side every 100 ms; their round trips in milliseconds.</summary>
    private List<double> Ping(string target, TimeSpan duration) => _internet!.Run(() =>
    {
        using var ping = new System.Net.NetworkInformation.Ping();
        var times = new List<double>();
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (ping.Send(IPAddress.Parse(target), 2000).Status == System.Net.NetworkInformation.IPStatus.Success)
                times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Thread.Sleep(100);
        }
        return times;
    });

    private ProcessResult Lqos(params string[] arguments)
    {
        string[] command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "lqos.dll"), .. arguments, "--config", _config];
        return _shaper!.Exec(TimeSpan.FromMinutes(2), command);
    }
}
