using LibreQoS.Bus.Protocol;
using LibreQoS.Scheduling.Bus;
using LibreQoS.Scheduling.Jobs;
using LibreQoS.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Scheduling.Tests.Jobs;

public class SchedulerLoopTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Heartbeat_ReachesLqosdAtStartThenEveryMinute()
    {
        var bus = new FakeLqosdBus();
        var loop = Loop(new HeartbeatJob(new SchedulerStatusReporter(bus, NullLogger<SchedulerStatusReporter>.Instance)));

        await RunDue(loop);
        for (int second = 1; second <= 180; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await RunDue(loop);
        }

        Assert.Equal(4, bus.Sent<SchedulerReady>().Count);
    }

    [Fact]
    public async Task Heartbeat_LqosdDown_TriesAgainAMinuteLater()
    {
        var bus = new FakeLqosdBus(unavailableFor: 1);
        var loop = Loop(new HeartbeatJob(new SchedulerStatusReporter(bus, NullLogger<SchedulerStatusReporter>.Instance)));

        Assert.Equal([JobResult.Failed], await RunDue(loop));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await RunDue(loop));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([JobResult.Succeeded], await RunDue(loop));
    }

    [Fact]
    public async Task FailedJob_RunsAgainAfterItsRetryDelayNotItsInterval()
    {
        var job = new ScriptedJob("splynx", new JobSettings(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2)),
            JobResult.Failed, JobResult.Succeeded, JobResult.Succeeded);
        var loop = Loop(job);

        await RunDue(loop);
        _clock.Advance(TimeSpan.FromMinutes(2));
        await RunDue(loop);
        _clock.Advance(TimeSpan.FromMinutes(29));
        await RunDue(loop);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await RunDue(loop);

        Assert.Equal(3, job.Runs);
    }

    [Fact]
    public async Task JobThrows_LoggedAndRetriedAfterItsRetryDelay()
    {
        var job = new ScriptedJob("splynx", new JobSettings(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2))) { Throws = true };
        var loop = Loop(job);

        Assert.Equal([JobResult.Failed], await RunDue(loop));

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(2), loop.Schedule.NextRunOf("splynx"));
    }

    [Fact]
    public async Task RunAsync_AJobIsFatal_StopsAndReturnsFalse()
    {
        var job = new ScriptedJob("splynx", new JobSettings(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2)), JobResult.Fatal);
        var loop = new SchedulerLoop([job], TimeProvider.System, NullLogger<SchedulerLoop>.Instance);

        bool stoppedByRequest = await loop.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(stoppedByRequest);
    }

    [Fact]
    public async Task RunAsync_Cancelled_WaitsForRunningJobsThenReturnsTrue()
    {
        var job = new ScriptedJob("slow", new JobSettings(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2))) { Hangs = true };
        var loop = new SchedulerLoop([job], TimeProvider.System, NullLogger<SchedulerLoop>.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        bool stoppedByRequest = await loop.RunAsync(stop.Token).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(stoppedByRequest);
        Assert.True(job.SawCancellation);
    }

    private SchedulerLoop Loop(params IScheduledJob[] jobs) => new(jobs, _clock, NullLogger<SchedulerLoop>.Instance);

    private static async Task<JobResult[]> RunDue(SchedulerLoop loop) => await Task.WhenAll(loop.StartDueJobs(CancellationToken.None));

    private sealed class ScriptedJob(string name, JobSettings settings, params JobResult[] results) : IScheduledJob
    {
        public string Name => name;

        public JobSettings Settings => settings;

        public int Runs { get; private set; }

        public bool Throws { get; init; }

        public bool Hangs { get; init; }

        public bool SawCancellation { get; private set; }

        public async Task<JobResult> RunAsync(CancellationToken cancellationToken)
        {
            if (Throws)
                throw new InvalidOperationException("a bug in a job");
            if (Hangs)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    SawCancellation = true;
                    throw;
                }
            }
            return results[Runs++];
        }
    }
}
