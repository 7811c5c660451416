using LibreQoS.Scheduling.Hosting;

namespace LibreQoS.Scheduling.Tests.Hosting;

[Collection(PythonCollectionDefinition.Name)]
public sealed class OperatorSchedulerScriptTests(PythonFixture python) : IDisposable
{
    private readonly LqosDirectory _lqos = new();

    public void Dispose() => _lqos.Dispose();

    [Fact]
    public async Task Run_ApschedulerBlockingScheduler_RunsUnchangedAndItsIntervalJobsFire()
    {
        // Built like upstream's scheduler.py: a BlockingScheduler on one worker thread, interval jobs, start() blocks.
        File.WriteAllText(_lqos.File("scheduler.py"), """
            import os
            from apscheduler.executors.pool import ThreadPoolExecutor
            from apscheduler.schedulers.blocking import BlockingScheduler

            ads = BlockingScheduler(executors={'default': ThreadPoolExecutor(1)})
            runs = []

            def not_dead_yet():
                runs.append('alive')
                print(f"heartbeat {len(runs)} from {os.path.basename(os.getcwd())}", flush=True)
                if len(runs) >= 3:
                    ads.shutdown(wait=False)

            if __name__ == '__main__':
                ads.add_job(not_dead_yet, 'interval', seconds=0.2, max_instances=1)
                ads.start()
                print("scheduler stopped")
            """);

        int exitCode = await new OperatorSchedulerScript(python.Runtime, python.Loggers).RunAsync(_lqos.Path, CancellationToken.None);

        Assert.Equal(0, exitCode);
        var lines = python.Logs.Entries.Where(e => e.Category == "LibreQoS.Scripts.scheduler").Select(e => e.Message).ToList();
        Assert.Equal(["heartbeat 1 from src", "heartbeat 2 from src", "heartbeat 3 from src", "scheduler stopped"], lines[^4..]);
    }

    [Fact]
    public async Task Run_ServiceStops_TheBlockingSchedulerIsInterrupted()
    {
        File.WriteAllText(_lqos.File("scheduler.py"), """
            from apscheduler.schedulers.blocking import BlockingScheduler
            ads = BlockingScheduler()
            ads.add_job(lambda: None, 'interval', minutes=30)
            ads.start()
            """);
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new OperatorSchedulerScript(python.Runtime, python.Loggers).RunAsync(_lqos.Path, stopping.Token));
    }

    [Fact]
    public async Task Run_Raises_ExitCode1WithTheTracebackLogged()
    {
        File.WriteAllText(_lqos.File("scheduler.py"), "import liblqos_python_missing_for_this_test\n");

        int exitCode = await new OperatorSchedulerScript(python.Runtime, python.Loggers).RunAsync(_lqos.Path, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains(python.Logs.Entries, e => e.Category == "LibreQoS.Scripts.scheduler"
            && e.Message == "ModuleNotFoundError: No module named 'liblqos_python_missing_for_this_test'");
    }
}
