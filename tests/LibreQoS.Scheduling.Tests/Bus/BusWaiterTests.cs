using LibreQoS.Scheduling.Bus;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Tests.Bus;

public class BusWaiterTests
{
    [Fact]
    public async Task WaitAsync_LqosdStartsLater_KeepsTryingAndLogsEachWait()
    {
        var bus = new FakeLqosdBus(unavailableFor: 3);
        var logs = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var waiter = new BusWaiter(bus, new BusWaitPolicy(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4)), TimeProvider.System, loggers.CreateLogger<BusWaiter>());

        int attempts = await waiter.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(4, attempts);
        var waits = logs.Entries.Where(e => e.EventId == 4000).Select(e => e.Message).ToList();
        Assert.Equal(3, waits.Count);
        Assert.Contains("(attempt 1): /run/lqos/bus not found. Is lqosd running?", waits[0], StringComparison.Ordinal);
        Assert.Contains("trying again in 0.004 s", waits[2], StringComparison.Ordinal);
        Assert.Single(logs.Entries, e => e.EventId == 4001);
    }

    [Fact]
    public async Task WaitAsync_Stopping_Cancels()
    {
        var waiter = new BusWaiter(new FakeLqosdBus(unavailableFor: int.MaxValue), BusWaitPolicy.Default, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<BusWaiter>.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(stop.Token));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(100, 30)]
    public void DelayAfter_Failures_DoublesUpToTheCap(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), BusWaitPolicy.Default.DelayAfter(failures));
}
