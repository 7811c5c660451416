using System.Text;
using System.Text.Json;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Bus.Tests;

public class FrameCodecTests
{
    public static TheoryData<BusRequest> EveryRequest => new(
        new Ping(), new GetConfig(), new ReloadConfig(), new Refresh(UpdateOnly: true, PlannerReset: true), new ValidateShapedDevices(),
        new MapIpToFlow("100.64.0.1/32", "1:5", 0, true, "C1", "D1"), new DelIpFlow("2001:db8::/64", true), new ClearIpFlow(),
        new ClearHotCache(), new ListIpFlow(), new SchedulerReady(), new SchedulerError("boom", "/tmp/x.log"), new SchedulerOutput("out"),
        new SchedulerProgress("import", 40, true, 2, 5), new CheckSchedulerStatus(), new SubmitUrgentIssue("Scheduler", "Error", "X", "m", "{}", "k"),
        new GetUrgentIssues(), new ClearUrgentIssue(3), new ClearUrgentIssueByIdentity("X", "k"), new ClearAllUrgentIssues(),
        new BlackboardData("Site", "k", "v"), new BlackboardFinish(), new LogInfo("hello"), new GetCurrentThroughput(), new GetTopCircuits(5),
        new GetCircuitStats("C1"), new BakeryStart(), new BakeryMqSetup(4, 4),
        new BakeryAddSite("Site_1", "0x1:", "0x5:", 3, 90, 45, 100, 50),
        new BakeryAddCircuit("C1", "0x1:0x3", "0x5:0x3", 4, 9.8, 4.9, 10, 5, 1, 5, "100.64.0.1,2001:db8::/64", "fq_codel", "Site_1", "Alice"),
        new BakeryAddCircuit("C2", "0x1:", "0x1:", 5, 1, 1, 2, 2, 1, 1),
        new BakeryCommit(), new SchedulerProgress("initial_shaping_reload", 80, true, 5, 5, "Initial shaping reload"), new TopologyRuntimeRefresh(),
        new GetQueueStatsTotal(), new GetRawQueueData("C1"), new GetTopQueueCircuits(5), new GetSiteQueueStats(), new GetHistory("circuit", "C1", 1700000000, 1700003600),
        new GetWorstRtt(5), new GetWorstRetransmits(5), new TopFlows("bytes", 3), new RttHistogram(), new GetCircuitFlows("C1"), new GetSiteInsights(),
        new AllUnknownIps(), new ClearUnknownIps());

    public static TheoryData<BusResponse> EveryResponse => new(
        Ack.Instance, new Fail("no"), new ConfigReply("/etc/lqos.conf", JsonDocument.Parse("""{"a":1}""").RootElement),
        new RefreshReply(true, "done"), new ValidationReply(false, "FAILED", ["e"], ["w"]),
        new MappedIps([new IpMappingInfo("100.64.0.1", "1:5", 0, false, "C1", "D1")]),
        new SchedulerStatusReply(true, 1700000000, "err", "/tmp/x.log", "out", new SchedulerProgressInfo(true, "import", 50, 1, 2, 1700000000)),
        new SchedulerStatusReply(false, null, null, null, null, null),
        new UrgentIssues([new UrgentIssue(1, 2, "S", "Error", "C", "M", null, "k")]),
        new ThroughputReply(new DownUp(1, 2), new DownUp(3, 4), new DownUp(5, 6), 7),
        new TopCircuits([new CircuitRate("C1", "Alice", new DownUp(10, 20), new DownUp(1, 2))]),
        new CircuitStatsReply(new CircuitRate("C1", "Alice", new DownUp(10, 20), new DownUp(1, 2)), new DownUp(100, 200), new DownUp(3, 4)),
        new SchedulerStatusReply(true, 1700000000, null, null, null, new SchedulerProgressInfo(false, "ready", 100, 5, 5, 1700000000, "Scheduler ready")),
        new TopologyRuntimeStatusReply(true, "sha256:aa", "sha256:bb", "sha256:cc", null),
        new TopologyRuntimeStatusReply(false, "sha256:dd", null, null, "Validation failed: ShapedDevices.csv:2: Download Max Mbps: 'x' is not a number"),
        new QueueStatsTotals(Queue, QueueDirection.Zero, 3, true, 1700000000),
        new RawQueueData(new CircuitQueueStats("C1", "Alice", Queue, Queue),
            new LeafQueueInfo("cake", "8001:", 10, 1, 2, 3, 4, [new CakeTinInfo(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)], null),
            new LeafQueueInfo("fq_codel", "8002:", 10, 1, 2, 3, 4, null, new FqCodelInfo(1, 2, 3, 4, 5, 6)), false, 1700000000),
        new TopQueueCircuits([new CircuitQueueStats("C1", "Alice", Queue, Queue)], false),
        new SiteQueueStatsReply([new SiteQueueStats("Region/Tower", Queue, Queue)], false),
        new HistoryReply("circuit", "C1", 60, [new HistoryPoint(1700000000, new DownUp(1, 2), 12.5, null, 0.5, null, 1, 2, 3, 4)]),
        new CircuitInsights([new CircuitInsightInfo("C1", "Alice", new RttInfo(50, 80, 12), null, new DownUp(1, 0), new DownUp(9, 2), new DownUp(100, 50), 3)]),
        new FlowList([Flow]),
        new CircuitFlowsReply(null, [Flow]),
        new RttHistogramReply(10, [1, 0, 2]),
        new SiteInsights([new SiteInsightInfo("Site/AP", new DownUp(1000, 500), null, new RttInfo(5, 9, 2), new DownUp(3, 1), 4)]),
        new UnknownIps([new UnknownIpInfo("100.64.9.9", 1700000000, 1500, 700)]));

    private static FlowInfo Flow => new("100.64.0.1", 5201, "203.0.113.7", 44321, 6, "C1", new DownUp(8000, 100), new DownUp(1000, 50),
        new DownUp(10, 5), new DownUp(1, 0), new DownUp(50000, 1200), "fin", 2.5);

    private static readonly QueueDirection Queue = new(1, 2, 3, 4, 5, 6, 7.5, 8.5, 9.5);

    [Theory]
    [MemberData(nameof(EveryRequest))]
    public async Task Request_EveryKind_RoundTrips(BusRequest request)
    {
        var bytes = FrameCodec.Encode(new RequestFrame(42, [request]));

        var payload = await FrameCodec.ReadPayloadAsync(new MemoryStream(bytes), FrameCodec.DefaultMaxFrameBytes, default);
        var (id, requests, errors) = FrameCodec.DecodeRequest(payload!);

        Assert.Equal(42, id);
        Assert.Equal(request, requests.Single());
        Assert.Null(errors.Single());
    }

    [Theory]
    [MemberData(nameof(EveryResponse))]
    public async Task Response_EveryKind_RoundTrips(BusResponse response)
    {
        var bytes = FrameCodec.Encode(new ResponseFrame(9, [response]));

        var frame = FrameCodec.DecodeResponse((await FrameCodec.ReadPayloadAsync(new MemoryStream(bytes), FrameCodec.DefaultMaxFrameBytes, default))!);

        var decoded = Assert.Single(frame.Responses!);
        Assert.Equal(JsonSerializer.Serialize(response, BusJson.Default.BusResponse), JsonSerializer.Serialize(decoded, BusJson.Default.BusResponse));
        Assert.Equal(response.GetType(), decoded.GetType());
    }

    [Fact]
    public void Encode_Request_IsLengthPrefixedSnakeCaseJson()
    {
        var bytes = FrameCodec.Encode(new RequestFrame(1, [new MapIpToFlow("10.0.0.1", "1:3", 2)]));

        Assert.Equal(bytes.Length - 4, (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]);
        Assert.Contains("\"type\":\"map_ip_to_flow\",\"ip_address\":\"10.0.0.1\",\"tc_handle\":\"1:3\"", Encoding.UTF8.GetString(bytes, 4, bytes.Length - 4), StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRequest_BakeryCircuitAsPythonSendsIt_KeepsStringIdsAndOptionalFields()
    {
        var payload = Encoding.UTF8.GetBytes("""
            {"id":7,"requests":[{"type":"bakery_add_circuit","circuit_id":"0042","parent_class_id":"0x2:0x3","up_parent_class_id":"0x2:0x3",
            "class_minor":9,"download_bandwidth_min":1.5,"upload_bandwidth_min":1,"download_bandwidth_max":25,"upload_bandwidth_max":5,
            "class_major":2,"up_class_major":2,"ip_addresses":"100.64.0.9","sqm_override":null}]}
            """);

        var (_, requests, errors) = FrameCodec.DecodeRequest(payload);

        Assert.Null(errors.Single());
        Assert.Equal(new BakeryAddCircuit("0042", "0x2:0x3", "0x2:0x3", 9, 1.5, 1, 25, 5, 2, 2, "100.64.0.9"), requests.Single());
    }

    [Fact]
    public void DecodeRequest_TypeNotFirst_IsStillUnderstood()
    {
        var payload = Encoding.UTF8.GetBytes("""{"requests":[{"ip_address":"10.0.0.1","type":"del_ip_flow"}],"id":5}""");

        var (_, requests, _) = FrameCodec.DecodeRequest(payload);

        Assert.Equal(new DelIpFlow("10.0.0.1"), requests.Single());
    }

    [Fact]
    public void DecodeRequest_OneUnknownRequest_FailsAloneNotTheFrame()
    {
        var payload = Encoding.UTF8.GetBytes("""{"id":5,"requests":[{"type":"ping"},{"type":"make_coffee"},{"type":"ping"}]}""");

        var (_, requests, errors) = FrameCodec.DecodeRequest(payload);

        Assert.Equal([true, false, true], requests.Select(r => r is Ping));
        Assert.Contains("make_coffee", errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"id\":1}")]
    [InlineData("null")]
    public void DecodeRequest_NotARequestFrame_Throws(string json) =>
        Assert.Throws<BusProtocolException>(() => FrameCodec.DecodeRequest(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x06, 0x40, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 10, 1, 2 })]
    [InlineData(new byte[] { 0, 0 })]
    public async Task ReadPayload_BadFraming_Throws(byte[] bytes) =>
        await Assert.ThrowsAsync<BusProtocolException>(async () => await FrameCodec.ReadPayloadAsync(new MemoryStream(bytes), 1024 * 1024, default));

    [Fact]
    public async Task ReadPayload_EmptyStream_IsACleanEnd() =>
        Assert.Null(await FrameCodec.ReadPayloadAsync(new MemoryStream(), 1024, default));
}
