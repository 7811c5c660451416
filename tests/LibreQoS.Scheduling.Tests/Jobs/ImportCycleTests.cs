using System.Text.RegularExpressions;
using LibreQoS.Bus.Protocol;
using LibreQoS.Scheduling.Bus;
using LibreQoS.Scheduling.Integrations;
using LibreQoS.Scheduling.Jobs;
using LibreQoS.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Scheduling.Tests.Jobs;

[Collection(PythonCollectionDefinition.Name)]
public sealed class ImportCycleTests(PythonFixture python) : IDisposable
{
    private static readonly Integration Splynx = IntegrationCatalog.Find("splynx")!;
    private static readonly JobSettings Settings = new(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
    private readonly LqosDirectory _lqos = new();
    private readonly FakeLqosdBus _bus = new();

    public void Dispose() => _lqos.Dispose();

    [Fact]
    public async Task Run_IntegrationRaises_StatusGetsThePreviewAndNamesTheLogFile()
    {
        WriteSplynx("print('connecting to Splynx')\nraise ConnectionError('splynx.example: 503')");
        var cycle = Cycle();

        var result = await cycle.RunAsync(CancellationToken.None);

        Assert.Equal(JobResult.Failed, result);
        var error = Assert.Single(_bus.Sent<SchedulerError>());
        Assert.StartsWith("Splynx exited with code 1. Continuing.\nOutput preview:\nconnecting to Splynx\nTraceback", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("ConnectionError: splynx.example: 503", error.Message, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"/lqos_scheduler__splynx_\d{8}_\d{6}\.log$"), error.LogPath);
        Assert.True(File.Exists(error.LogPath));
        Assert.Empty(_bus.Sent<Refresh>());
        Assert.Equal("degraded", _bus.Sent<SchedulerProgress>()[^1].Phase);
    }

    [Fact]
    public async Task Run_SucceedsAfterAFailure_ClearsTheError()
    {
        WriteSplynx("raise ConnectionError('down')");
        var cycle = Cycle();
        await cycle.RunAsync(CancellationToken.None);
        WriteSplynx("print('imported, at last')");

        var result = await cycle.RunAsync(CancellationToken.None);

        Assert.Equal(JobResult.Succeeded, result);
        Assert.Equal(new SchedulerError(""), _bus.Sent<SchedulerError>()[^1]);
        Assert.Equal("Splynx completed successfully. Captured 1 line(s) of output.", _bus.Sent<SchedulerOutput>()[^1].Message);
        Assert.Equal(new SchedulerProgress("ready", 100, false, 3, 3), _bus.Sent<SchedulerProgress>()[^1]);
    }

    [Fact]
    public async Task Run_IntegrationChangedTheInputs_AsksForAnUpdateOnlyRefresh()
    {
        File.WriteAllText(_lqos.File("ShapedDevices.csv"), "Circuit ID,Circuit Name\n");
        WriteSplynx("with open('ShapedDevices.csv', 'a') as f:\n    f.write('c1,Alice\\n')");
        var cycle = Cycle();
        cycle.AssumeApplied(InputsFingerprint.Compute(_lqos.Path));

        await cycle.RunAsync(CancellationToken.None);

        Assert.Equal([new Refresh(UpdateOnly: true)], _bus.Sent<Refresh>());
        Assert.Equal(InputsFingerprint.Compute(_lqos.Path), cycle.AppliedInputs);
    }

    [Fact]
    public async Task Run_InputsUnchanged_NoRefresh()
    {
        File.WriteAllText(_lqos.File("ShapedDevices.csv"), "Circuit ID,Circuit Name\nc1,Alice\n");
        WriteSplynx("with open('ShapedDevices.csv', 'w') as f:\n    f.write('Circuit ID,Circuit Name\\nc1,Alice\\n')");
        var cycle = Cycle();
        cycle.AssumeApplied(InputsFingerprint.Compute(_lqos.Path));

        var result = await cycle.RunAsync(CancellationToken.None);

        Assert.Equal(JobResult.Succeeded, result);
        Assert.Empty(_bus.Sent<Refresh>());
    }

    [Fact]
    public async Task Run_FirstRunOfTheService_FullReloadThenTheIntegration()
    {
        File.WriteAllText(_lqos.File("ShapedDevices.csv"), "Circuit ID,Circuit Name\nc1,Alice\n");
        WriteSplynx("print('imported')");
        bool requested = false;
        var cycle = Cycle(reloadAtStart: true, onReloadRequested: () => requested = true);

        await cycle.RunAsync(CancellationToken.None);
        await cycle.RunAsync(CancellationToken.None);

        Assert.True(requested);
        Assert.Equal([new Refresh(UpdateOnly: false)], _bus.Sent<Refresh>());
        Assert.Equal(["initial_shaping_reload", "ready", "partial_integration", "partial_runtime_hash", "ready"],
            _bus.Sent<SchedulerProgress>().Take(5).Select(p => p.Phase));
    }

    [Fact]
    public async Task Run_FirstRunOfANewInstall_NoReloadBeforeTheIntegrationWritesTheInputs()
    {
        WriteSplynx("open('ShapedDevices.csv', 'w').write('Circuit ID,Circuit Name\\nc1,Alice\\n')");
        _bus.OnRefresh = _ => File.Exists(_lqos.File("ShapedDevices.csv")) ? new RefreshReply(true, "applied") : new RefreshReply(false, "Validation failed");
        bool requested = false;
        var cycle = Cycle(reloadAtStart: true, onReloadRequested: () => requested = true);

        var result = await cycle.RunAsync(CancellationToken.None);

        Assert.Equal(JobResult.Succeeded, result);
        Assert.True(requested);
        Assert.Equal([new Refresh(UpdateOnly: false)], _bus.Sent<Refresh>());
        Assert.All(_bus.Sent<SchedulerError>(), error => Assert.Equal("", error.Message));
        Assert.DoesNotContain("initial_shaping_reload", _bus.Sent<SchedulerProgress>().Select(p => p.Phase));
    }

    [Fact]
    public async Task Run_RefreshFails_ReportedAndAskedAgainNextTime()
    {
        WriteSplynx("open('network.json', 'w').write('{}')");
        _bus.OnRefresh = _ => new RefreshReply(false, "ShapedDevices.csv:3: Parent Node: 'Site_9' is not a node in network.json");
        var cycle = Cycle();
        cycle.AssumeApplied("before");

        await cycle.RunAsync(CancellationToken.None);
        _bus.OnRefresh = _ => new RefreshReply(true, "applied");
        var second = await cycle.RunAsync(CancellationToken.None);

        Assert.Equal("Scheduled shaping refresh failed: ShapedDevices.csv:3: Parent Node: 'Site_9' is not a node in network.json", _bus.Sent<SchedulerError>()[0].Message);
        Assert.Equal(2, _bus.Sent<Refresh>().Count);
        Assert.Equal(JobResult.Succeeded, second);
    }

    [Fact]
    public async Task Loop_HungIntegration_StoppedAtItsTimeoutAndTheNextJobsStillRun()
    {
        WriteSplynx("while True:\n    time.sleep(0.05)", imports: "import time");
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var settings = Settings with { Timeout = TimeSpan.FromSeconds(1) };
        var status = new SchedulerStatusReporter(_bus, NullLogger<SchedulerStatusReporter>.Instance);
        var loop = new SchedulerLoop([new HeartbeatJob(status), Cycle(settings)], clock, NullLogger<SchedulerLoop>.Instance);

        Assert.Equal([JobResult.Succeeded, JobResult.Failed], await Task.WhenAll(loop.StartDueJobs(CancellationToken.None)));
        WriteSplynx("print('back')");
        clock.Advance(settings.RetryDelay);
        var next = await Task.WhenAll(loop.StartDueJobs(CancellationToken.None));

        Assert.StartsWith("Splynx was stopped at its 1 s timeout", _bus.Sent<SchedulerError>()[0].Message, StringComparison.Ordinal);
        Assert.Equal([JobResult.Succeeded, JobResult.Succeeded], next);
        Assert.Equal(new SchedulerError(""), _bus.Sent<SchedulerError>()[^1]);
        Assert.Equal(2, _bus.Sent<SchedulerReady>().Count);
    }

    private void WriteSplynx(string body, string imports = "") => _lqos.WriteIntegration("integrationSplynx", "importFromSplynx", body, imports);

    private ImportCycle Cycle(JobSettings? settings = null, bool reloadAtStart = false, Action? onReloadRequested = null) => new(
        new ImportCycleOptions(_lqos.Path, Splynx, settings ?? Settings, reloadAtStart, onReloadRequested),
        python.Runner(_lqos.Logs), _bus, new SchedulerStatusReporter(_bus, NullLogger<SchedulerStatusReporter>.Instance), NullLogger<ImportCycle>.Instance);
}
