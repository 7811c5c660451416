using LibreQoS.Bus.Protocol;

namespace LibreQoS.Scheduler.Tests;

/// <summary>The lqos_scheduler service against a stand-in lqosd, watched through a test NOTIFY_SOCKET.</summary>
public sealed class ServiceTests : IDisposable
{
    private readonly SchedulerTestDirectory _test = new("[splynx_integration]\nenable_splynx = true\n");

    public void Dispose() => _test.Dispose();

    [Fact]
    public async Task Service_BuiltInSchedule_WaitsForLqosdReloadsRunsTheIntegrationPingsTheWatchdogAndStopsOnSigterm()
    {
        _test.Write("ShapedDevices.csv", "Circuit ID\nc-before-the-restart\n");
        _test.Write("integrationSplynx.py", "def importFromSplynx():\n    print('importing')\n    open('ShapedDevices.csv', 'w').write('Circuit ID\\n')\n");
        using var scheduler = new SchedulerProcess(_test.Dir, _test.Config, watchdog: TimeSpan.FromSeconds(1));
        await WaitForOutputAsync(scheduler, "lqosd's bus is not answering yet (attempt 1)"); // lqosd comes up after the scheduler waited
        await using var lqosd = new RecordingLqosd(_test.BusSocket);

        await lqosd.WaitForAsync(r => r.OfType<Refresh>().Count() == 2 && r.OfType<SchedulerProgress>().Any(p => p is { Phase: "ready", StepCount: 3 }),
            () => scheduler.Output);
        int exitCode = scheduler.Stop();

        Assert.Equal(0, exitCode);
        Assert.Equal([new Refresh(UpdateOnly: false), new Refresh(UpdateOnly: true)], lqosd.Requests.OfType<Refresh>());
        Assert.NotEmpty(lqosd.Requests.OfType<SchedulerReady>());
        Assert.Contains("LibreQoS.Scripts.integrationSplynx: importing", scheduler.Output, StringComparison.Ordinal);
        Assert.Contains("READY=1", scheduler.Notifications, StringComparison.Ordinal);
        Assert.Contains("STOPPING=1", scheduler.Notifications, StringComparison.Ordinal);
        Assert.Contains("WATCHDOG=1", scheduler.Notifications, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_OperatorSchedulerPy_RunsItUnchangedWithTheHeartbeat()
    {
        _test.Write("scheduler.py", """
            from apscheduler.schedulers.blocking import BlockingScheduler
            ads = BlockingScheduler()
            ads.add_job(lambda: print("operator job fired", flush=True), 'interval', seconds=0.2)
            ads.start()
            """);
        await using var lqosd = new RecordingLqosd(_test.BusSocket);
        using var scheduler = new SchedulerProcess(_test.Dir, _test.Config);

        await lqosd.WaitForAsync(r => r.OfType<SchedulerReady>().Any(), () => scheduler.Output);
        await WaitForOutputAsync(scheduler, "LibreQoS.Scripts.scheduler: operator job fired");
        int exitCode = scheduler.Stop();

        Assert.Equal(0, exitCode);
        Assert.Empty(lqosd.Requests.OfType<Refresh>());
        Assert.Contains("READY=1", scheduler.Notifications, StringComparison.Ordinal);
        // A v2.0-style script reports no progress of its own: the status says the script runs, not "waiting_for_bus".
        Assert.Equal(new SchedulerProgress("running_scheduler_script", 50, true, 2, 2, "Running scheduler.py from lqos_directory"),
            lqosd.Requests.OfType<SchedulerProgress>().Last());
    }

    private static async Task WaitForOutputAsync(SchedulerProcess scheduler, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!scheduler.Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no '{text}' in:\n{scheduler.Output}");
            await Task.Delay(50);
        }
    }
}
