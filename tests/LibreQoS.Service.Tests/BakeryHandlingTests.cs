using LibreQoS.Bus.Protocol;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Service.Handling;
using LibreQoS.Service.State;
using LibreQoS.Shaping;
using LibreQoS.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Service.Tests;

/// <summary>The Bakery bus verbs an upstream-style LibreQoS.py drives: batch, commit, tc commands and mappings.</summary>
public sealed class BakeryHandlingTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryIpMappingTable _mappings = new();
    private readonly RecordingTcRunner _runner = new();
    private readonly List<ShapingCoordinator> _coordinators = [];

    public void Dispose()
    {
        foreach (var coordinator in _coordinators)
            coordinator.Dispose();
        _dir.Dispose();
    }

    /// <param name="edit">Changes to lqos-minimal.conf (bridge eth0 = Internet, eth1 = ISP side).</param>
    private LqosdRequestHandler Handler(Func<string, string>? edit = null, bool liveTree = true, Func<string, bool?>? hasQdisc = null)
    {
        string src = Directory.CreateDirectory(_dir.File("src")).FullName;
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf")).Replace("/opt/libreqos/src", src, StringComparison.Ordinal);
        string path = _dir.Write("lqos.conf", edit is null ? text : edit(text));
        var holder = new ConfigHolder(path, LqosConfigReader.Read(path, new DiagnosticBag())!);
        var inspector = new FakeTcInspector(liveTree, hasQdisc);
        var coordinator = new ShapingCoordinator(holder, new ShapingRefresh(_runner, inspector, new FourQueues(), new LongAgo()), _mappings,
            new CircuitDirectory(), runner: _runner, inspector: inspector);
        _coordinators.Add(coordinator);
        return new LqosdRequestHandler(holder, coordinator, _mappings, new SchedulerStatusStore(_clock), new UrgentIssueStore(_clock),
            new Blackboard(), new NoThroughput(), NullLogger<LqosdRequestHandler>.Instance);
    }

    private static async Task<List<BusResponse>> Send(LqosdRequestHandler handler, IEnumerable<BusRequest> requests, List<StreamLine>? lines = null)
    {
        var replies = new List<BusResponse>();
        foreach (var request in requests)
        {
            replies.Add(await handler.HandleAsync(request, line =>
            {
                lines?.Add(line);
                return ValueTask.CompletedTask;
            }, default));
        }
        return replies;
    }

    /// <summary>Two queues, no stick: Site_A (1:3) with AP_1 (1:4) below it, Site_B (2:3); circuits on AP_1 and Site_B.</summary>
    private static List<BusRequest> Batch(double aliceCeil = 50, string? aliceSqm = null) =>
    [
        new BakeryStart(),
        new BakeryMqSetup(2, 0),
        new BakeryAddSite("Site_A", "0x1:", "0x1:", 3, 499, 99, 500, 100),
        new BakeryAddSite("AP_1", "0x1:0x3", "0x1:0x3", 4, 199, 49, 200, 50),
        new BakeryAddSite("Site_B", "0x2:", "0x2:", 3, 299, 59, 300, 60),
        new BakeryAddCircuit("C-alice", "0x1:0x4", "0x1:0x4", 5, 10, 2, aliceCeil, 10, 1, 1, "100.64.0.1, 2001:db8::/64", aliceSqm),
        new BakeryAddCircuit("C-bob", "0x2:0x3", "0x2:0x3", 4, 5, 1, 25, 5, 2, 2, "100.64.0.2"),
        new BakeryCommit(),
    ];

    private List<string> LastBatch() => _runner.Calls[^1].Lines;

    /// <summary>A class line up to its quantum (which depends on the link rates, not on the batch).</summary>
    private static void AssertLine(IEnumerable<string> lines, string classLine) =>
        Assert.Contains(lines, l => l.StartsWith(classLine + " quantum ", StringComparison.Ordinal));

    private static void AssertLine(string line, string classLine) => AssertLine([line], classLine);

    [Fact]
    public async Task Commit_OnEmptyInterfaces_BuildsEveryClassWithTheClientsIdsAndLoadsTheMappings()
    {
        var handler = Handler(liveTree: false);

        var replies = await Send(handler, Batch());

        Assert.All(replies.SkipLast(1), r => Assert.IsType<Ack>(r));
        var result = Assert.IsType<RefreshReply>(replies[^1]);
        Assert.True(result.Succeeded);
        Assert.Contains("3 sites, 2 circuits, 3 IP mappings", result.Summary, StringComparison.Ordinal);
        var tc = LastBatch();
        Assert.Contains("qdisc replace dev eth1 root handle 7fff: mq", tc);
        AssertLine(tc, "class replace dev eth1 parent 1: classid 1:3 htb rate 499mbit ceil 500mbit prio 3");
        AssertLine(tc, "class replace dev eth1 parent 1:3 classid 1:4 htb rate 199mbit ceil 200mbit prio 3");
        AssertLine(tc, "class replace dev eth0 parent 1:4 classid 1:5 htb rate 2mbit ceil 10mbit prio 3");
        AssertLine(tc, "class replace dev eth1 parent 2:3 classid 2:4 htb rate 5mbit ceil 25mbit prio 3");
        Assert.Contains("qdisc replace dev eth1 parent 1:5 cake diffserv4", tc);
        var mapped = Assert.IsType<MappedIps>(await handler.HandleAsync(new ListIpFlow(), _ => ValueTask.CompletedTask, default)).Mappings;
        Assert.Equal(
            [new("100.64.0.1", "1:5", 0, false, "C-alice", ""), new("2001:db8::/64", "1:5", 0, false, "C-alice", ""), new IpMappingInfo("100.64.0.2", "2:4", 1, false, "C-bob", "")],
            mapped.OrderBy(m => m.CircuitId, StringComparer.Ordinal).ThenBy(m => m.IpAddress, StringComparer.Ordinal).ToList());
        Assert.True(File.Exists(_dir.File("state/shaping/applied_plan.json")));
    }

    [Fact]
    public async Task Commit_SecondBatchWithOneRateChanged_ChangesOnlyThatClass()
    {
        var handler = Handler(liveTree: true);
        await Send(handler, Batch());

        var replies = await Send(handler, Batch(aliceCeil: 40));

        Assert.True(Assert.IsType<RefreshReply>(replies[^1]).Succeeded);
        AssertLine(Assert.Single(LastBatch()), "class replace dev eth1 parent 1:4 classid 1:5 htb rate 10mbit ceil 40mbit prio 3");
    }

    [Fact]
    public async Task Commit_SameBatchAgain_RunsNoTc()
    {
        var handler = Handler(liveTree: true);
        await Send(handler, Batch());
        int calls = _runner.Calls.Count;

        var replies = await Send(handler, Batch());

        Assert.Contains("no tc change", Assert.IsType<RefreshReply>(replies[^1]).Summary, StringComparison.Ordinal);
        Assert.True(_runner.Calls.Count == calls || _runner.Calls[^1].Lines.Count == 0);
    }

    [Fact]
    public async Task Commit_OnAStick_OffsetsTheUploadTreesAndMapsEachAddressTwice()
    {
        var handler = Handler(text => text.Replace("[bridge]\nuse_xdp_bridge = false\nto_internet = \"eth0\"\nto_network = \"eth1\"",
            "[single_interface]\ninterface = \"eth2\"\ninternet_vlan = 2\nnetwork_vlan = 3", StringComparison.Ordinal), liveTree: false);

        var replies = await Send(handler,
        [
            new BakeryStart(), new BakeryMqSetup(2, 2),
            new BakeryAddSite("Site_A", "0x1:", "0x3:", 3, 99, 99, 100, 100),
            new BakeryAddCircuit("C1", "0x1:0x3", "0x3:0x3", 4, 5, 5, 10, 10, 1, 3, "100.64.0.7"),
            new BakeryCommit(),
        ]);

        Assert.True(Assert.IsType<RefreshReply>(replies[^1]).Succeeded, (replies[^1] as Fail)?.Message);
        AssertLine(LastBatch(), "class replace dev eth2 parent 3:3 classid 3:4 htb rate 5mbit ceil 10mbit prio 3");
        var mapped = Assert.IsType<MappedIps>(await handler.HandleAsync(new ListIpFlow(), _ => ValueTask.CompletedTask, default)).Mappings;
        Assert.Equal([("1:4", 0, false), ("3:4", 2, true)], mapped.Select(m => (m.TcHandle, m.Cpu, m.Upload)).OrderBy(m => m.TcHandle, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Commit_InconsistentBatch_ListsEveryProblemAndChangesNothing()
    {
        var handler = Handler();

        var replies = await Send(handler,
        [
            new BakeryStart(), new BakeryMqSetup(2, 0),
            new BakeryAddSite("Site_A", "0x1:", "0x1:", 3, 1, 1, 10, 10),
            new BakeryAddSite("Site_Dup", "0x1:", "0x1:", 3, 1, 1, 10, 10),
            new BakeryAddSite("Orphan", "0x1:0x40", "0x1:0x40", 7, 1, 1, 10, 10),
            new BakeryAddSite("Far", "0x9:", "0x9:", 3, 1, 1, 10, 10),
            new BakeryAddCircuit("C1", "0x1:0x3", "0x2:0x3", 4, 1, 1, 5, 5, 1, 1, "100.64.0.1"),
            new BakeryAddCircuit("C2", "0x1:0x3", "0x1:0x3", 5, 1, 1, 5, 5, 2, 2, "100.64.0.2"),
            new BakeryAddCircuit("C3", "0x1:0x3", "0x1:0x3", 6, 1, 1, 5, 5, 1, 1, "100.64.0.999"),
            new BakeryAddCircuit("C4", "0x1:0x3", "0x1:0x3", 2, 1, 1, 5, 5, 1, 1, ""),
            new BakeryCommit(),
        ]);

        string message = Assert.IsType<Fail>(replies[^1]).Message;
        Assert.Contains("site 'Site_Dup': class 1:3 is already site 'Site_A'", message, StringComparison.Ordinal);
        Assert.Contains("site 'Orphan': its parent 0x1:0x40 is not a site of this batch", message, StringComparison.Ordinal);
        Assert.Contains("site 'Far': parent 0x9: is on queue 9, outside 1..2", message, StringComparison.Ordinal);
        Assert.Contains("circuit 'C1': up_parent_class_id 0x2:0x3 should be 1:3", message, StringComparison.Ordinal);
        Assert.Contains("circuit 'C2': class_major 2 / up_class_major 2 do not match", message, StringComparison.Ordinal);
        Assert.Contains("'100.64.0.999'", message, StringComparison.Ordinal);
        Assert.Contains("circuit 'C4': class_minor 2 is outside 3..0xfffe", message, StringComparison.Ordinal);
        Assert.Empty(_runner.Calls);
        Assert.Empty(_mappings.List());
    }

    [Theory]
    [InlineData(false, "without bakery_start")]
    [InlineData(true, "no bakery_mq_setup")]
    public async Task Commit_IncompleteBatch_FailsSayingWhatIsMissing(bool start, string reason)
    {
        var handler = Handler();

        var replies = await Send(handler, start ? [new BakeryStart(), new BakeryCommit()] : [new BakeryCommit()]);

        Assert.Contains(reason, Assert.IsType<Fail>(replies[^1]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_KernelWithoutCakeNorFallback_IsRefusedWithAdvice()
    {
        var handler = Handler(hasQdisc: kind => kind != "cake");

        var replies = await Send(handler, Batch());

        Assert.Contains("queues.fallback_sqm", Assert.IsType<Fail>(replies[^1]).Message, StringComparison.Ordinal);
        Assert.Empty(_runner.Calls);
    }

    [Fact]
    public async Task Commit_KernelWithoutCake_UsesFallbackAndStreamsAWarning()
    {
        var handler = Handler(text => text.Replace("[queues]\n", "[queues]\nfallback_sqm = \"pfifo\"\n", StringComparison.Ordinal),
            liveTree: false, hasQdisc: kind => kind != "cake");
        var lines = new List<StreamLine>();

        var replies = await Send(handler, Batch(aliceSqm: "fq_codel/none"), lines);

        Assert.True(Assert.IsType<RefreshReply>(replies[^1]).Succeeded);
        Assert.Contains(lines, l => l.Level == "warning" && l.Message.Contains("fallback_sqm 'pfifo'", StringComparison.Ordinal));
        Assert.Contains("qdisc replace dev eth1 parent 1:5 fq_codel", LastBatch());
        Assert.DoesNotContain(LastBatch(), l => l.StartsWith("qdisc replace dev eth0 parent 1:5 ", StringComparison.Ordinal));
        Assert.Contains("qdisc replace dev eth1 parent 2:4 pfifo", LastBatch());
    }

    [Fact]
    public async Task Commit_DryRunConfig_ChecksButRunsNoTc()
    {
        var handler = Handler(text => text.Replace("[queues]\n", "[queues]\ndry_run = true\n", StringComparison.Ordinal));

        var replies = await Send(handler, Batch());

        Assert.Contains("checked, not applied", Assert.IsType<RefreshReply>(replies[^1]).Summary, StringComparison.Ordinal);
        Assert.Empty(_runner.Calls);
    }

    [Fact]
    public async Task Start_DropsAnUncommittedBatch()
    {
        var handler = Handler(liveTree: false);
        await Send(handler, [new BakeryStart(), new BakeryMqSetup(2, 0), new BakeryAddSite("Stale", "0x1:", "0x1:", 3, 1, 1, 10, 10)]);

        var replies = await Send(handler, [new BakeryStart(), new BakeryMqSetup(1, 0), new BakeryAddSite("Fresh", "0x1:", "0x1:", 3, 1, 1, 10, 10), new BakeryCommit()]);

        Assert.Contains("1 sites, 0 circuits", Assert.IsType<RefreshReply>(replies[^1]).Summary, StringComparison.Ordinal);
    }
}
