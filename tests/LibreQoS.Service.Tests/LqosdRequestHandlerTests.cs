using LibreQoS.Bus.Protocol;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Service.Handling;
using LibreQoS.Service.State;
using LibreQoS.Shaping;
using LibreQoS.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Service.Tests;

public sealed class LqosdRequestHandlerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private readonly RecordingTcRunner _runner = new();
    private readonly InMemoryIpMappingTable _mappings = new();
    private readonly string _configPath;
    private readonly LqosdRequestHandler _handler;
    private readonly ShapingCoordinator _coordinator;

    public LqosdRequestHandlerTests()
    {
        string src = Directory.CreateDirectory(_dir.File("src")).FullName;
        ProcessRunner.GenerateNetwork(src, circuits: 30, sites: 3, depth: 1);
        _configPath = _dir.Write("lqos.conf", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", src, StringComparison.Ordinal));
        var holder = new ConfigHolder(_configPath, LqosConfigReader.Read(_configPath, new DiagnosticBag())!);
        _coordinator = new ShapingCoordinator(holder, new ShapingRefresh(_runner, new FakeTcInspector(true), new FourQueues(), new LongAgo()), _mappings, new CircuitDirectory());
        _handler = new LqosdRequestHandler(holder, _coordinator, _mappings, new SchedulerStatusStore(_clock), new UrgentIssueStore(_clock),
            new Blackboard(), new NoThroughput(), NullLogger<LqosdRequestHandler>.Instance);
    }

    public void Dispose()
    {
        _coordinator.Dispose();
        _dir.Dispose();
    }

    private async Task<BusResponse> Handle(BusRequest request, List<StreamLine>? lines = null) =>
        await _handler.HandleAsync(request, line =>
        {
            lines?.Add(line);
            return ValueTask.CompletedTask;
        }, default);

    [Fact]
    public async Task Refresh_AppliesStreamsItsLogAndLoadsTheMappings()
    {
        var lines = new List<StreamLine>();

        var reply = await Handle(new Refresh(), lines);

        Assert.True(Assert.IsType<RefreshReply>(reply).Succeeded);
        Assert.Contains(lines, l => l.Message.Contains("plan: ", StringComparison.Ordinal));
        Assert.NotEmpty(_runner.Calls);
        var mapped = Assert.IsType<MappedIps>(await Handle(new ListIpFlow()));
        Assert.True(mapped.Mappings.Count >= 30);
    }

    [Fact]
    public async Task Refresh_RepliesThenWritesItsRecordsBeforeTheNextRefreshStarts()
    {
        Assert.IsType<RefreshReply>(await Handle(new Refresh()));
        await _coordinator.IdleAsync();
        string structure = _dir.File("state/shaping/queuingStructure.json");
        var firstWrite = File.GetLastWriteTimeUtc(structure);

        var second = Handle(new Refresh(UpdateOnly: true));
        var third = Assert.IsType<RefreshReply>(await Handle(new Refresh(UpdateOnly: true)));
        await _coordinator.IdleAsync();

        Assert.Equal("Observed no changes; nothing to apply.", Assert.IsType<RefreshReply>(await second).Summary);
        Assert.Equal("Observed no changes; nothing to apply.", third.Summary);
        Assert.True(File.GetLastWriteTimeUtc(structure) >= firstWrite);
        Assert.False(File.Exists(_dir.File("state/shaping/applied_plan.unrecorded")));
    }

    [Fact]
    public async Task Refresh_ClearRules_EmptiesTheMappings()
    {
        await Handle(new Refresh());

        await Handle(new Refresh(ClearRules: true));

        Assert.Empty(Assert.IsType<MappedIps>(await Handle(new ListIpFlow())).Mappings);
    }

    [Fact]
    public async Task Mappings_AddListDeleteClear()
    {
        Assert.IsType<Ack>(await Handle(new MapIpToFlow("100.64.9.0/24", "2:7", 1, false, "C9", "D9")));
        Assert.IsType<Ack>(await Handle(new MapIpToFlow("100.64.9.0/24", "2:7", 1, true)));

        var list = Assert.IsType<MappedIps>(await Handle(new ListIpFlow()));
        Assert.Equal(2, list.Mappings.Count);
        Assert.Contains(new IpMappingInfo("100.64.9.0/24", "2:7", 1, false, "C9", "D9"), list.Mappings);

        Assert.IsType<Ack>(await Handle(new DelIpFlow("100.64.9.0/24", true)));
        Assert.IsType<Fail>(await Handle(new DelIpFlow("100.64.9.0/24", true)));
        Assert.IsType<Ack>(await Handle(new ClearIpFlow()));
        Assert.Empty(Assert.IsType<MappedIps>(await Handle(new ListIpFlow())).Mappings);
    }

    [Theory]
    [InlineData("100.64.0.999", "1:5", 0, "not a valid IPv4")]
    [InlineData("100.64.0.1", "1:0", 0, "not a class handle")]
    [InlineData("100.64.0.1", "x", 0, "not a class handle")]
    [InlineData("100.64.0.1", "1:5", -1, "negative")]
    public async Task Map_BadInput_FailsSayingWhy(string ip, string handle, int cpu, string reason) =>
        Assert.Contains(reason, Assert.IsType<Fail>(await Handle(new MapIpToFlow(ip, handle, cpu))).Message, StringComparison.Ordinal);

    [Fact]
    public async Task SchedulerProgress_WithALabel_ShowsPhaseAndLabelInTheStatus()
    {
        await Handle(new SchedulerProgress("initial_shaping_reload", 80, true, 5, 5, "Initial shaping reload"));

        var progress = Assert.IsType<SchedulerStatusReply>(await Handle(new CheckSchedulerStatus())).Progress!;

        Assert.Equal(("initial_shaping_reload", "Initial shaping reload", 80, 5, 5), (progress.Phase, progress.PhaseLabel, progress.Percent, progress.StepIndex, progress.StepCount));
    }

    [Fact]
    public async Task TopologyRuntimeRefresh_WithoutTheRuntime_Fails()
    {
        Assert.Equal("the topology runtime is not running in this lqosd", Assert.IsType<Fail>(await Handle(new TopologyRuntimeRefresh())).Message);
    }

    [Fact]
    public async Task Scheduler_HeartbeatErrorProgress_ShowInStatusAndExpire()
    {
        await Handle(new SchedulerReady());
        await Handle(new SchedulerError("Traceback: boom\nline 2", "/tmp/lqos_scheduler__splynx_20261122_080000.log"));
        await Handle(new SchedulerProgress("import splynx", 150, true, 1, 3));

        var status = Assert.IsType<SchedulerStatusReply>(await Handle(new CheckSchedulerStatus()));
        Assert.True(status.Running);
        Assert.Equal("/tmp/lqos_scheduler__splynx_20261122_080000.log", status.ErrorLogPath);
        Assert.Equal(("import splynx", 100), (status.Progress!.Phase, status.Progress.Percent));

        await Handle(new SchedulerError(""));
        _clock.Advance(TimeSpan.FromMinutes(6));
        status = Assert.IsType<SchedulerStatusReply>(await Handle(new CheckSchedulerStatus()));
        Assert.False(status.Running);
        Assert.Null(status.Error);
        Assert.Null(status.ErrorLogPath);
    }

    [Fact]
    public async Task UrgentIssues_SubmitDedupeAcknowledgeClear()
    {
        await Handle(new SubmitUrgentIssue("LibreQoS", "Error", "TC_U16_OVERFLOW", "first", null, "cpu1"));
        await Handle(new SubmitUrgentIssue("LibreQoS", "Error", "TC_U16_OVERFLOW", "again", null, "cpu1"));
        await Handle(new SubmitUrgentIssue("Scheduler", "Warning", "IMPORT", "other"));

        var issues = Assert.IsType<UrgentIssues>(await Handle(new GetUrgentIssues())).Issues;
        Assert.Equal(["again", "other"], issues.Select(i => i.Message));

        Assert.IsType<Ack>(await Handle(new ClearUrgentIssue(issues[0].Id)));
        Assert.IsType<Fail>(await Handle(new ClearUrgentIssue(issues[0].Id)));
        Assert.IsType<Ack>(await Handle(new ClearAllUrgentIssues()));
        Assert.Empty(Assert.IsType<UrgentIssues>(await Handle(new GetUrgentIssues())).Issues);
    }

    [Fact]
    public async Task Config_GetAndReload_KeepTheRunningConfigOnErrors()
    {
        var config = Assert.IsType<ConfigReply>(await Handle(new GetConfig()));
        Assert.Equal(_configPath, config.Path);
        Assert.Equal("eth1", config.Config.GetProperty("bridge").GetProperty("to_network").GetString());

        File.WriteAllText(_configPath, File.ReadAllText(_configPath).Replace("to_network = \"eth1\"", "to_network = 5", StringComparison.Ordinal));
        Assert.Contains("bridge.to_network", Assert.IsType<Fail>(await Handle(new ReloadConfig())).Message, StringComparison.Ordinal);
        Assert.Equal("eth1", Assert.IsType<ConfigReply>(await Handle(new GetConfig())).Config.GetProperty("bridge").GetProperty("to_network").GetString());
    }

    [Fact]
    public async Task ValidateShapedDevices_ReportsTheSummary()
    {
        var reply = Assert.IsType<ValidationReply>(await Handle(new ValidateShapedDevices()));

        Assert.True(reply.Ok);
        Assert.StartsWith("OK: 30 circuits", reply.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_WithoutDataPlane_AreZeroAndCircuitsUnknown()
    {
        Assert.Equal(default, Assert.IsType<ThroughputReply>(await Handle(new GetCurrentThroughput())).BitsPerSecond);
        Assert.Empty(Assert.IsType<TopCircuits>(await Handle(new GetTopCircuits(5))).Circuits);
        Assert.IsType<Fail>(await Handle(new GetCircuitStats("C000001")));
    }

    [Fact]
    public async Task QueueStats_BeforeTheFirstRead_AreStaleAndCircuitsUnknown()
    {
        var totals = Assert.IsType<QueueStatsTotals>(await Handle(new GetQueueStatsTotal()));
        Assert.Equal((true, 0), (totals.Stale, totals.Circuits));
        Assert.Empty(Assert.IsType<TopQueueCircuits>(await Handle(new GetTopQueueCircuits(5))).Circuits);
        Assert.Empty(Assert.IsType<SiteQueueStatsReply>(await Handle(new GetSiteQueueStats())).Sites);
        Assert.Contains("C000001", Assert.IsType<Fail>(await Handle(new GetRawQueueData("C000001"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_WithoutAStore_OrWithAWrongKindOrRange_Fails()
    {
        Assert.Contains("not available", Assert.IsType<Fail>(await Handle(new GetHistory("circuit", "C1", 0, 10))).Message, StringComparison.Ordinal);
        Assert.Contains("'bogus'", Assert.IsType<Fail>(await Handle(new GetHistory("bogus", "C1", 0, 10))).Message, StringComparison.Ordinal);
        Assert.Contains("before it starts", Assert.IsType<Fail>(await Handle(new GetHistory("total", "", 10, 0))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_FromTheStore_IsReturnedWithItsResolution()
    {
        var archive = new HistoryArchive(_dir.File("state/history/history.db"));
        var start = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        var store = new History.SqliteHistoryStore(archive.Path);
        for (int s = 0; s < 5; s++)
        {
            store.Append(new History.HistoryTick(start.AddSeconds(s),
                [new History.SeriesSample(History.SeriesKind.Circuit, "C1", new History.HistoryMetrics(8000, 800, 21.5, null, null, null, 1, 0, 0, 0))]));
        }
        archive.Recorder = new History.HistoryRecorder(store);
        var handler = new LqosdRequestHandler(new ConfigHolder(_configPath, LqosConfigReader.Read(_configPath, new DiagnosticBag())!), _coordinator, _mappings,
            new SchedulerStatusStore(_clock), new UrgentIssueStore(_clock), new Blackboard(), new NoThroughput(), NullLogger<LqosdRequestHandler>.Instance,
            history: archive);

        var reply = Assert.IsType<HistoryReply>(await handler.HandleAsync(new GetHistory("circuit", "C1", start.ToUnixTimeSeconds(), start.AddSeconds(4).ToUnixTimeSeconds()),
            _ => ValueTask.CompletedTask, default));

        await archive.Recorder.DisposeAsync();
        Assert.Equal((1, 5), (reply.ResolutionSeconds, reply.Points.Count));
        Assert.Equal((new DownUp(8000, 800), (double?)21.5, 1.0), (reply.Points[0].BitsPerSecond, reply.Points[0].RttDownMs, reply.Points[0].DropsDown));
    }

    [Fact]
    public async Task BlackboardAndLog_AreAcknowledged()
    {
        Assert.IsType<Ack>(await Handle(new BlackboardData("Site", "k", "v")));
        Assert.IsType<Ack>(await Handle(new BlackboardFinish()));
        Assert.IsType<Ack>(await Handle(new LogInfo("hello")));
        Assert.IsType<Ack>(await Handle(new Ping()));
    }
}
