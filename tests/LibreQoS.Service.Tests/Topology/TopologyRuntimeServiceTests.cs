using LibreQoS.Bus.Protocol;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Service.Handling;
using LibreQoS.Service.State;
using LibreQoS.Service.Topology;
using LibreQoS.Shaping;
using LibreQoS.Shaping.TopologyRuntime;
using LibreQoS.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Service.Tests.Topology;

public sealed class TopologyRuntimeServiceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();
    private readonly string _src;
    private readonly ConfigHolder _config;
    private readonly TopologyRuntimeService _service;
    private readonly TopologyRuntimePaths _paths;

    public TopologyRuntimeServiceTests()
    {
        _src = Directory.CreateDirectory(_dir.File("src")).FullName;
        ProcessRunner.GenerateNetwork(_src, circuits: 10, sites: 2, depth: 1);
        string configPath = _dir.Write("lqos.conf", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", _src, StringComparison.Ordinal));
        _config = new ConfigHolder(configPath, LqosConfigReader.Read(configPath, new DiagnosticBag())!);
        _service = new TopologyRuntimeService(_config, new TopologyRuntimePublisher(), NullLogger<TopologyRuntimeService>.Instance);
        _paths = new TopologyRuntimePaths(_config.Current);
    }

    public void Dispose()
    {
        _service.Dispose();
        _dir.Dispose();
    }

    private async Task<TopologyRuntimeStatus> StatusOnDiskAsync(Func<TopologyRuntimeStatus, bool> reached)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (TopologyRuntimeStatus.Read(_paths.Status) is { } status && reached(status))
                return status;
            Assert.True(DateTime.UtcNow < deadline, $"no such status within {Patience}");
            await Task.Delay(50);
        }
    }

    private void EditFirstRowDownloadMax(string value) =>
        ShapedDevicesEdit.SetFirstRowCell(Path.Combine(_src, "ShapedDevices.csv"), ShapedDevicesEdit.DownloadMaxColumn, value);

    [Fact]
    public async Task Service_PublishesAtStartThenAfterEachEditOfASource()
    {
        await _service.StartAsync(default);
        var first = await StatusOnDiskAsync(s => s.Ready);
        Assert.Equal(TopologyGeneration.OfSources(_paths), first.SourceGeneration);

        EditFirstRowDownloadMax("61");
        var second = await StatusOnDiskAsync(s => s.SourceGeneration != first.SourceGeneration);

        Assert.True(second.Ready, second.Error);
        Assert.Equal(TopologyGeneration.OfSources(_paths), second.SourceGeneration);
        Assert.Contains(ShapingInputsDocument.Parse(File.ReadAllBytes(_paths.ShapingInputs)).Circuits, c => c.DownloadMaxMbps == 61);

        EditFirstRowDownloadMax("-");
        var failed = await StatusOnDiskAsync(s => !s.Ready);
        Assert.Equal(second.ShapingGeneration, failed.ShapingGeneration);
        await _service.StopAsync(default);
    }

    [Fact]
    public async Task Handler_TopologyRuntimeRefresh_PublishesNowAndRepliesTheStatus()
    {
        using var coordinator = new ShapingCoordinator(_config, new ShapingRefresh(new RecordingTcRunner(), new FakeTcInspector(true), new FourQueues(),
            new LongAgo()), new InMemoryIpMappingTable(), new CircuitDirectory());
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var handler = new LqosdRequestHandler(_config, coordinator, new InMemoryIpMappingTable(), new SchedulerStatusStore(clock), new UrgentIssueStore(clock),
            new Blackboard(), new NoThroughput(), NullLogger<LqosdRequestHandler>.Instance, topology: _service);

        var reply = Assert.IsType<TopologyRuntimeStatusReply>(await handler.HandleAsync(new TopologyRuntimeRefresh(), _ => ValueTask.CompletedTask, default));

        Assert.True(reply.Ready, reply.Error);
        var published = TopologyRuntimeStatus.Read(_paths.Status)!;
        Assert.Equal((published.SourceGeneration, published.ShapingGeneration, published.EffectiveGeneration),
            (reply.SourceGeneration, reply.ShapingGeneration, reply.EffectiveGeneration));
    }
}
