using System.Text.Json.Nodes;
using LibreQoS.WebUi.Dashboard;

namespace LibreQoS.WebUi.Tests.Dashboard;

public sealed class DashboardFeedTests
{
    [Fact]
    public void Current_WithinReuseWindow_IsReused_ThenRebuiltAndSerializedOnce()
    {
        var clock = new SteppingClock();
        var queries = new NumberedSnapshots();
        var feed = new DashboardFeed(queries, clock);

        var first = feed.Current();
        clock.Advance(DashboardFeed.Reuse / 2);
        var reused = feed.Current();
        clock.Advance(DashboardFeed.Reuse);
        var rebuilt = feed.Current();

        Assert.Same(first, reused);
        Assert.Equal((1, 2), (first.Snapshot.UrgentIssues, rebuilt.Snapshot.UrgentIssues));
        Assert.Equal(2, JsonNode.Parse(rebuilt.Json)!["urgentIssues"]!.GetValue<int>());
        Assert.Equal(DashboardEndpoints.TopCircuitCount, queries.LastTopCircuits);
    }

    [Fact]
    public async Task Current_WhileAnotherCallerRebuilds_GetsThePreviousFrameWithoutWaiting()
    {
        var clock = new SteppingClock();
        var queries = new NumberedSnapshots();
        var feed = new DashboardFeed(queries, clock);
        var first = feed.Current();
        clock.Advance(DashboardFeed.Reuse);
        queries.Hold.Reset();
        queries.Building.Reset();

        var rebuilding = Task.Run(feed.Current);
        Assert.True(queries.Building.Wait(TimeSpan.FromSeconds(10)), "the rebuild did not start");
        var meanwhile = await Task.Run(feed.Current).WaitAsync(TimeSpan.FromSeconds(10));
        queries.Hold.Set();
        var second = await rebuilding;

        Assert.Same(first, meanwhile);
        Assert.Equal(2, second.Snapshot.UrgentIssues);
        Assert.Same(second, feed.Current());
    }

    /// <summary>Snapshot n reports n urgent issues; a build can be held open to test callers arriving meanwhile.</summary>
    private sealed class NumberedSnapshots : IDashboardQueries
    {
        private int _built;

        public ManualResetEventSlim Hold { get; } = new(true);

        public ManualResetEventSlim Building { get; } = new(false);

        public int LastTopCircuits { get; private set; }

        public DashboardSnapshot Snapshot(int topCircuits)
        {
            LastTopCircuits = topCircuits;
            int n = Interlocked.Increment(ref _built);
            Building.Set();
            Hold.Wait();
            return new DashboardSnapshot(default, default, default, [], new SchedulerView("healthy", null, null, null, null, null, null),
                new DaemonHealth("t", 0, false, 0), n, 0);
        }
    }

    /// <summary>A manual clock whose timestamps move with it (ManualTimeProvider keeps the system's stopwatch).</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
