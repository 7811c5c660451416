using System.Text.Json;
using LibreQoS.Core.Shaping;
using LibreQoS.Shaping;
using LibreQoS.Tc;
using LibreQoS.TestKit;

namespace LibreQoS.Cli.Tests;

/// <summary>
/// <c>lqos refresh</c> against a real kernel: a shaper namespace with two 4-queue veth interfaces, 1,000 circuits under
/// 20 sites. The kernel here has no cake or fq_codel, so the config falls back to pfifo leaves.
/// </summary>
[Trait("Requires", "root")]
public sealed class RefreshKernelTests : IDisposable
{
    private const string Lan = "lan0";
    private const string Wan = "wan0";
    private const int Queues = 4;

    private readonly TempDirectory _dir = new();
    private readonly NetNsFixture _namespaces = new();
    private readonly NetworkNamespace? _shaper;
    private readonly NetworkNamespace? _peer;
    private readonly string _config = "";
    private readonly string _csv = "";

    public RefreshKernelTests()
    {
        if (Privileges.WhyNotRoot() is not null)
            return;
        _shaper = _namespaces.Add("shaper");
        _peer = _namespaces.Add("peer");
        _namespaces.AddVeth(_shaper, Lan, _peer, "lan1", Queues);
        _namespaces.AddVeth(_shaper, Wan, _peer, "wan1", Queues);
        _shaper.Ip("addr", "add", "10.201.0.1/24", "dev", Lan);
        _peer.Ip("addr", "add", "10.201.0.2/24", "dev", "lan1");
        // XPS: a sender on CPU 0 uses TX queue 0 (HTB 1:), on CPU 1 queue 1 (HTB 2:).
        Succeeded(_shaper.Exec(Timeout, "sh", "-c", $"echo 1 > /sys/class/net/{Lan}/queues/tx-0/xps_cpus; echo 2 > /sys/class/net/{Lan}/queues/tx-1/xps_cpus; " +
            $"echo 0 > /sys/class/net/{Lan}/queues/tx-2/xps_cpus; echo 0 > /sys/class/net/{Lan}/queues/tx-3/xps_cpus"));

        string src = Directory.CreateDirectory(Path.Combine(_dir.Path, "src")).FullName;
        ProcessRunner.GenerateNetwork(src, circuits: 1000, sites: 20, depth: 1);
        _csv = Path.Combine(src, "ShapedDevices.csv");
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("lqos_directory = \"/opt/libreqos/src\"", $"lqos_directory = \"{src}\"", StringComparison.Ordinal)
            .Replace("to_internet = \"eth0\"", $"to_internet = \"{Wan}\"", StringComparison.Ordinal)
            .Replace("to_network = \"eth1\"", $"to_network = \"{Lan}\"", StringComparison.Ordinal)
            .Replace("[queues]\n", $"[queues]\noverride_available_queues = {Queues}\nfallback_sqm = \"pfifo\"\n", StringComparison.Ordinal);
        _config = _dir.Write("lqos.conf", text);
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public void Dispose()
    {
        _namespaces.Dispose();
        _dir.Dispose();
    }

    private static ProcessResult Succeeded(ProcessResult result) =>
        result.ExitCode == 0 ? result : throw new InvalidOperationException($"exit {result.ExitCode}: {result.StandardError}{result.StandardOutput}");

    [RootFact]
    public void Refresh_ThousandCircuits_BuildsMqAndOneHtbTreePerQueueMatchingThePlan()
    {
        var result = Refresh();

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        var plan = AppliedPlan();
        Assert.Equal((Queues, 20, 1000), (plan.QueueCount, plan.Nodes.Count, plan.Circuits.Count));
        foreach (var device in new[] { Lan, Wan })
        {
            var qdiscs = Qdiscs(device);
            Assert.Single(qdiscs, q => q.Kind == "mq" && q.Handle == "7fff:" && q.Parent is null);
            Assert.Equal(Enumerable.Range(1, Queues).Select(q => $"{q:x}:"), qdiscs.Where(q => q.Kind == "htb").Select(q => q.Handle).Order());
            Assert.Equal(1000 + Queues, qdiscs.Count(q => q.Kind == "pfifo"));

            var expected = TcTree.Of(plan).Items().Where(i => i.Device == device).ToDictionary(i => i.ClassId);
            var htb = Classes(device).Where(c => c.Kind == "htb").ToList();
            Assert.Equal(expected.Count + 2 * Queues, htb.Count);
            foreach (var live in htb.Where(c => c.Handle.Minor > 2))
            {
                var item = expected[live.Handle];
                Assert.Equal(item.Parent.Minor == 0 ? TcHandle.Root : item.Parent, live.Parent);
                Assert.Equal(TcRate.BytesPerSecond(item.Rate.RateMbps) * 8, live.RateBits);
                Assert.Equal(TcRate.BytesPerSecond(item.Rate.CeilMbps) * 8, live.CeilBits);
                Assert.Equal(item.IsCircuit, qdiscs.Any(q => q.Parent == live.Handle.ToString() && q.Kind == "pfifo"));
            }
        }
        var firstRow = File.ReadLines(_csv).Skip(1).First().Split(',');
        var circuit = plan.Circuits.Single(c => c.CircuitId == firstRow[0]);
        Assert.Equal(double.Parse(firstRow[10], System.Globalization.CultureInfo.InvariantCulture) * 1_000_000,
            Classes(Lan).Single(c => c.Handle == new TcHandle((ushort)circuit.Queue, circuit.Minor)).CeilBits);
    }

    [RootFact]
    public void RefreshUpdateOnly_OneCircuitRateChanged_ChangesOnlyThatClass()
    {
        Assert.Equal(0, Refresh().ExitCode);
        var plan = AppliedPlan();
        SendTraffic(plan);
        var before = Snapshot();
        var changed = plan.Circuits.First(c => c.Queue == 1);
        RewriteCircuit(changed.CircuitId, cells => cells[10] = "777");

        var result = Refresh("--updateonly", "-v");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("Updated", result.StandardOutput, StringComparison.Ordinal);
        var after = Snapshot();
        var handle = $"{Lan} {new TcHandle(1, changed.Minor)}";
        Assert.Equal(777_000_000, after.Classes[handle].CeilBits);
        Assert.Equal(before.Classes.Keys.Order(), after.Classes.Keys.Order());
        AssertUntouched(before, after, except: handle);
        Assert.True(before.Classes.Values.Count(c => c.Handle.Minor > 2 && c.SentBytes > 0) >= 4, "traffic reached the circuit classes");
        Assert.Equal(before.Qdiscs, after.Qdiscs);
    }

    [RootFact]
    public void RefreshUpdateOnly_CircuitRemoved_RemovesOnlyItsClassesAndLeaves()
    {
        Assert.Equal(0, Refresh().ExitCode);
        var plan = AppliedPlan();
        var before = Snapshot();
        var removed = plan.Circuits[500];
        var lines = File.ReadAllLines(_csv).Where(l => l.Split(',')[0] != removed.CircuitId).ToArray();
        File.WriteAllLines(_csv, lines);

        Assert.Equal(0, Refresh("--updateonly").ExitCode);

        var after = Snapshot();
        var gone = new[] { Lan, Wan }.Select(d => $"{d} {new TcHandle((ushort)removed.Queue, removed.Minor)}").ToHashSet();
        Assert.Equal(before.Classes.Keys.Except(gone).Order(), after.Classes.Keys.Order());
        AssertUntouched(before, after, except: null);
        Assert.Equal(before.Qdiscs.Count - 2, after.Qdiscs.Count);
        Assert.All(after.Qdiscs, q => Assert.Equal(before.Qdiscs[q.Key], q.Value));
    }

    [RootFact]
    public void Refresh_BrokenShapedDevices_PrintsTheErrorAndLeavesTheTreeAsItWas()
    {
        Assert.Equal(0, Refresh().ExitCode);
        var before = Snapshot();
        RewriteCircuit(AppliedPlan().Circuits[10].CircuitId, cells => cells[6] = "100.64.0.999");

        var result = Refresh();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'100.64.0.999' is not a valid IPv4 address", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("current shaping stays", result.StandardError, StringComparison.Ordinal);
        var after = Snapshot();
        Assert.Equal(before.Classes.Keys.Order(), after.Classes.Keys.Order());
        AssertUntouched(before, after, except: null);
        Assert.Equal(before.Qdiscs, after.Qdiscs);
    }

    /// <summary>
    /// Site and circuit classes only see the test's own traffic, so their counters must be exactly as they were;
    /// the queues' root and default classes also carry the kernel's own packets (neighbour discovery), and the mq classes
    /// sum their HTB qdisc's overlimits and backlog, which move while queued packets drain, so their counters may only
    /// have grown: a reset or a re-created class would show as a drop.
    /// </summary>
    private static void AssertUntouched(TreeSnapshot before, TreeSnapshot after, string? except)
    {
        foreach (var (key, old) in before.Classes.Where(c => c.Key != except && after.Classes.ContainsKey(c.Key)))
        {
            var now = after.Classes[key];
            if (old.Kind == "htb" && old.Handle.Minor > 2)
            {
                Assert.Equal(old, now);
                continue;
            }
            Assert.Equal(old with { SentBytes = 0, SentPackets = 0, Overlimits = 0, BacklogBytes = 0, BacklogPackets = 0 },
                now with { SentBytes = 0, SentPackets = 0, Overlimits = 0, BacklogBytes = 0, BacklogPackets = 0 });
            Assert.True(now.SentBytes >= old.SentBytes, $"{key}: counter went from {old.SentBytes} to {now.SentBytes}");
            Assert.True(now.Overlimits >= old.Overlimits, $"{key}: overlimits went from {old.Overlimits} to {now.Overlimits}");
        }
    }

    private ProcessResult Refresh(params string[] flags)
    {
        string[] command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "lqos.dll"), "refresh", "--config", _config, .. flags];
        return _shaper!.Exec(Timeout, command);
    }

    private ShapingPlan AppliedPlan() =>
        PlanJson.Deserialize(File.ReadAllText(Path.Combine(_dir.Path, "state", "shaping", "applied_plan.json")))!;

    private void RewriteCircuit(string circuitId, Action<string[]> change)
    {
        var lines = File.ReadAllLines(_csv).Select(line =>
        {
            var cells = line.Split(',');
            if (cells[0] != circuitId)
                return line;
            change(cells);
            return string.Join(',', cells);
        }).ToArray();
        File.WriteAllLines(_csv, lines);
    }

    private void SendTraffic(ShapingPlan plan)
    {
        var targets = plan.Circuits.Where(c => c.Queue <= 2).Take(6).Select(c => $"{c.Queue:x}:{c.Minor:x}@{c.Queue - 1}");
        string[] command = ["python3", Path.Combine(RepoPaths.Root, "tests", "tools", "send_prioritized.py"), "10.201.0.2", .. targets];
        Succeeded(_shaper!.Exec(Timeout, command));
    }

    private sealed record QdiscInfo(string Kind, string Handle, string? Parent);

    private sealed record TreeSnapshot(Dictionary<string, LiveClass> Classes, Dictionary<string, string> Qdiscs);

    private TreeSnapshot Snapshot() => new(
        new[] { Lan, Wan }.SelectMany(d => Classes(d).Select(c => (Key: $"{d} {c.Handle}", c))).ToDictionary(x => x.Key, x => x.c),
        new[] { Lan, Wan }.SelectMany(d => Qdiscs(d).Select(q => (Key: $"{d} {q.Parent ?? "root"}", Value: $"{q.Kind} {q.Handle}"))).ToDictionary(x => x.Key, x => x.Value));

    private IReadOnlyList<LiveClass> Classes(string device) => TcClassListing.Parse(_shaper!.Tc("-s", "class", "show", "dev", device));

    private List<QdiscInfo> Qdiscs(string device)
    {
        using var json = JsonDocument.Parse(_shaper!.Tc("-j", "qdisc", "show", "dev", device));
        return json.RootElement.EnumerateArray().Select(q => new QdiscInfo(
            q.GetProperty("kind").GetString()!,
            q.GetProperty("handle").GetString()!,
            q.TryGetProperty("parent", out var p) ? p.GetString() : null)).ToList();
    }
}
