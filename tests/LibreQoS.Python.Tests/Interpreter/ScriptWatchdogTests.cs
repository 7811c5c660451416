using System.Diagnostics;
using LibreQoS.TestKit;

namespace LibreQoS.Python.Tests.Interpreter;

[Collection(PythonCollectionDefinition.Name)]
public sealed class ScriptWatchdogTests(PythonRuntimeFixture python) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(300);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("busy loop", "while True:\n    pass\n")]
    [InlineData("time.sleep loop", "import time\nwhile True:\n    time.sleep(1000)\n")]
    [InlineData("Event.wait", "import threading\nthreading.Event().wait()\n")]
    [InlineData("blocking lock", "import threading\nlock = threading.Lock()\nlock.acquire()\nlock.acquire()\n")]
    [InlineData("except Exception loop", "import time\nwhile True:\n    try:\n        time.sleep(1000)\n    except Exception:\n        pass\n")]
    public async Task RunFile_HungScript_StoppedAtDeadlineAndNextRunWorks(string kind, string source)
    {
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ScriptTimeoutException>(() => python.RunAsync(_dir, source, name: "hung.py", timeout: Deadline));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{kind}: took {clock.Elapsed}");
        Assert.False(ex.StillRunning);
        Assert.Equal("ScriptInterrupt", ex.PythonType.Split('.')[^1]);
        Assert.Contains("hung.py\", line", ex.PythonTraceback, StringComparison.Ordinal);
        Assert.Equal("hung.py ran past its 0.3 s deadline", ex.PythonMessage);
        var next = await python.RunAsync(_dir, "print('next run')\n");
        Assert.Equal(["next run"], next.Stdout);
        Assert.True(python.Runtime.IsHealthy);
    }

    [Fact]
    public async Task RunFile_ScriptSwallowsFirstInterrupt_InterruptedAgain()
    {
        string source = "import time\ncaught = 0\nwhile True:\n    try:\n        time.sleep(1000)\n    except BaseException:\n" +
                        "        caught += 1\n        print(f'swallowed {caught}')\n        if caught >= 2:\n            raise\n";

        var ex = await Assert.ThrowsAsync<ScriptTimeoutException>(() => python.RunAsync(_dir, source, timeout: Deadline));

        Assert.False(ex.StillRunning);
    }

    [Fact]
    public async Task RunFile_IgnoresInterruptsPastStuckAfter_CallerReleasedThenRuntimeRecovers()
    {
        // Swallows every interrupt for 5 s: longer than the fixture's StuckAfter of 3 s.
        string source = "import time\nend = time.monotonic() + 5\nwhile time.monotonic() < end:\n    try:\n        time.sleep(0.05)\n" +
                        "    except BaseException:\n        pass\n";
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ScriptTimeoutException>(() => python.RunAsync(_dir, source, name: "stubborn.py", timeout: Deadline));

        Assert.True(ex.StillRunning);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4.9));
        Assert.False(python.Runtime.IsHealthy);
        Assert.Contains(python.Logs.Entries, e => e.EventId == 4506 && e.Message.StartsWith("stubborn.py", StringComparison.Ordinal));
        var next = await python.RunAsync(_dir, "print('recovered')\n");
        Assert.Equal(["recovered"], next.Stdout);
        Assert.True(python.Runtime.IsHealthy);
    }

    [Fact]
    public async Task RunFile_FinishesBeforeDeadline_NoLateInterruptInNextRun()
    {
        await python.RunAsync(_dir, "import time\ntime.sleep(0.25)\n", timeout: TimeSpan.FromMilliseconds(260));
        await Task.Delay(400);

        var next = await python.RunAsync(_dir, "import time\ntime.sleep(0.5)\nprint('undisturbed')\n");

        Assert.Equal(["undisturbed"], next.Stdout);
    }

    [Fact]
    public async Task RunFile_UntimedRunOutlivesPreviousRunsDeadline_StaleTimerIgnored()
    {
        await python.RunAsync(_dir, "pass\n", timeout: TimeSpan.FromMilliseconds(300));

        var next = await python.RunAsync(_dir, "import time\ntime.sleep(0.6)\nprint('untouched')\n");

        Assert.Equal(["untouched"], next.Stdout);
    }

    [Fact]
    public async Task RunFile_Cancelled_OperationCanceledAndNextRunWorks()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            python.RunAsync(_dir, "import time\nwhile True:\n    time.sleep(1000)\n", cancellation: cancellation.Token));

        var next = await python.RunAsync(_dir, "print('ok')\n");
        Assert.Equal(["ok"], next.Stdout);
    }

    [Fact]
    public async Task CallAsync_Cancelled_InterruptsTheCall()
    {
        _dir.Write("slow_module_for_cancel.py", "import time\ndef forever():\n    while True:\n        time.sleep(1000)\n");
        await python.Runtime.CallAsync("sys", "path.append", _dir.Path);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            python.Runtime.CallAsync("slow_module_for_cancel", "forever", [], cancellation.Token));
    }
}
