namespace LibreQoS.History.Tests;

public class HistoryRecorderTests
{
    /// <summary>A store whose appends wait until released, as a stalled disk would.</summary>
    private sealed class StalledStore : IHistoryStore
    {
        public ManualResetEventSlim Release { get; } = new();

        public List<DateTimeOffset> Written { get; } = [];

        public void Append(HistoryTick tick)
        {
            Release.Wait();
            lock (Written)
                Written.Add(tick.At);
        }

        public HistoryRange Query(SeriesKind kind, string key, DateTimeOffset from, DateTimeOffset to) => new(1, []);

        public void Dispose() => Release.Dispose();
    }

    [Fact]
    public async Task Post_WhileTheStoreIsStalled_NeverWaits_AndDropsTheOldestBeyondTheQueue()
    {
        var store = new StalledStore();
        var recorder = new HistoryRecorder(store);
        var start = DateTimeOffset.UnixEpoch;
        recorder.Post(new HistoryTick(start, []));
        await Task.Delay(200); // the writer takes the first tick and stalls on it

        for (int i = 1; i <= 100; i++)
            recorder.Post(new HistoryTick(start.AddSeconds(i), []));

        Assert.Equal(100 - HistoryRecorder.QueueCapacity, recorder.DroppedTicks);
        store.Release.Set();
        await recorder.DisposeAsync();
        Assert.Equal(1 + HistoryRecorder.QueueCapacity, store.Written.Count);
        Assert.Equal(start.AddSeconds(100), store.Written[^1]);
    }
}
