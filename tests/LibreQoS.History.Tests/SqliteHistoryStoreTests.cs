using LibreQoS.TestKit;

namespace LibreQoS.History.Tests;

/// <summary>The store's clock is the ticks' time, so hours and days pass in milliseconds here.</summary>
public sealed class SqliteHistoryStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    private string DbPath => _dir.File("history/history.db");

    public void Dispose() => _dir.Dispose();

    private static HistoryTick Tick(DateTimeOffset at, params (SeriesKind Kind, string Key, long Down)[] samples) =>
        new(at, [.. samples.Select(s => new SeriesSample(s.Kind, s.Key, new HistoryMetrics(s.Down, s.Down / 10, null, null, null, null, s.Down / 1000.0, 0, 0, 0)))]);

    [Fact]
    public void Append_OneMinuteOfTicks_IsKeptPerSecondAndAveragedPerMinute()
    {
        using (var store = new SqliteHistoryStore(DbPath))
        {
            for (int s = 0; s < 61; s++)
                store.Append(Tick(Start.AddSeconds(s), (SeriesKind.Circuit, "C1", s < 30 ? 6000 : 0), (SeriesKind.Total, "", 9000)));

            var perSecond = store.Query(SeriesKind.Circuit, "C1", Start, Start.AddMinutes(2));
            Assert.Equal(1, perSecond.ResolutionSeconds);
            Assert.Equal(30, perSecond.Points.Count); // the idle half-minute is not stored
            Assert.All(perSecond.Points, p => Assert.Equal((6000L, 600L, 6.0), (p.Metrics.DownBps, p.Metrics.UpBps, p.Metrics.DropsDown)));
        }

        using var reopened = new SqliteHistoryStore(DbPath, new HistoryPolicy([new(1, TimeSpan.FromSeconds(10)), new(60, TimeSpan.FromDays(1))], long.MaxValue));
        var perMinute = reopened.Query(SeriesKind.Circuit, "C1", Start, Start.AddMinutes(2));
        Assert.Equal(60, perMinute.ResolutionSeconds);
        var first = perMinute.Points[0];
        Assert.Equal(Start.ToUnixTimeSeconds(), first.AtUnix);
        Assert.Equal(3000L, first.Metrics.DownBps); // 30 busy seconds of 60
        Assert.Null(first.Metrics.RttDownMs);
    }

    [Fact]
    public void Append_RttMeasuredSomeSeconds_AveragesOverTheMeasuredOnes()
    {
        using (var store = new SqliteHistoryStore(DbPath))
        {
            for (int s = 0; s < 61; s++)
            {
                double? rtt = s % 2 == 0 ? 40 : null;
                store.Append(new HistoryTick(Start.AddSeconds(s), [new SeriesSample(SeriesKind.Site, "Site_A", new HistoryMetrics(1, 1, rtt, null, s < 60 ? 2 : null, null, 0, 0, 0, 0))]));
            }
        }
        using var reopened = new SqliteHistoryStore(DbPath, new HistoryPolicy([new(1, TimeSpan.FromSeconds(1)), new(60, TimeSpan.FromDays(1))], long.MaxValue));

        var minute = reopened.Query(SeriesKind.Site, "Site_A", Start, Start.AddSeconds(59)).Points.Single().Metrics;
        Assert.Equal((40.0, null, 2.0), (minute.RttDownMs, minute.RttUpMs, minute.RetransmitsDown));
    }

    [Fact]
    public void Retention_RowsPastEachTiersWindowGo_CoarserTiersKeepTheirs()
    {
        var policy = new HistoryPolicy([new(1, TimeSpan.FromMinutes(2)), new(60, TimeSpan.FromMinutes(10)), new(3600, TimeSpan.FromDays(1))], long.MaxValue);
        using var store = new SqliteHistoryStore(DbPath, policy);
        for (int s = 0; s <= 15 * 60; s++)
            store.Append(Tick(Start.AddSeconds(s), (SeriesKind.Circuit, "C1", 1000 + s)));

        var end = Start.AddMinutes(15);
        var recent = store.Query(SeriesKind.Circuit, "C1", end.AddMinutes(-1), end);
        Assert.Equal(1, recent.ResolutionSeconds);
        Assert.Equal(61, recent.Points.Count);
        var older = store.Query(SeriesKind.Circuit, "C1", end.AddMinutes(-8), end);
        Assert.Equal(60, older.ResolutionSeconds);
        var firstMinute = older.Points[0];
        Assert.InRange(firstMinute.AtUnix, end.AddMinutes(-10).ToUnixTimeSeconds(), end.AddMinutes(-8).ToUnixTimeSeconds());
        Assert.InRange(firstMinute.Metrics.DownBps, 1000 + (firstMinute.AtUnix - Start.ToUnixTimeSeconds()) + 29, 1000 + (firstMinute.AtUnix - Start.ToUnixTimeSeconds()) + 30);
        var oldest = store.Query(SeriesKind.Circuit, "C1", Start, end);
        Assert.Equal(3600, oldest.ResolutionSeconds);
        Assert.Empty(oldest.Points); // the first hour is still open; it is written when it closes (or on dispose)
    }

    [Fact]
    public void Restart_TheLastHourIsStillThere_AndOpenIntervalsAreWritten()
    {
        using (var store = new SqliteHistoryStore(DbPath))
        {
            for (int s = 0; s < 600; s++)
                store.Append(Tick(Start.AddSeconds(s), (SeriesKind.Circuit, "C1", 5000)));
        }

        using var reopened = new SqliteHistoryStore(DbPath);
        var hour = reopened.Query(SeriesKind.Circuit, "C1", Start.AddSeconds(599).AddHours(-1), Start.AddSeconds(599));
        Assert.Equal(600, hour.Points.Count);
        Assert.All(hour.Points, p => Assert.Equal(5000L, p.Metrics.DownBps));
        var policy = new HistoryPolicy([new(1, TimeSpan.FromSeconds(1)), new(60, TimeSpan.FromSeconds(1)), new(3600, TimeSpan.FromDays(1))], long.MaxValue);
        using var hourly = new SqliteHistoryStore(_dir.File("history/history.db"), policy);
        Assert.Equal(5000L, hourly.Query(SeriesKind.Circuit, "C1", Start, Start.AddHours(1)).Points.Single().Metrics.DownBps);
    }

    [Fact]
    public void SizeCap_OldestDataGoesFirst_NewestStays()
    {
        const long cap = 512 * 1024;
        var policy = new HistoryPolicy([new(1, TimeSpan.FromHours(1)), new(60, TimeSpan.FromDays(30))], cap);
        using var store = new SqliteHistoryStore(DbPath, policy);
        var series = Enumerable.Range(0, 100).Select(i => (SeriesKind.Circuit, $"C{i}", 1_000_000L + i)).ToArray();
        for (int s = 0; s <= 20 * 60; s++)
            store.Append(Tick(Start.AddSeconds(s), series));

        Assert.True(store.UsedBytes <= cap, $"{store.UsedBytes} bytes used, cap {cap}");
        var end = Start.AddMinutes(20);
        var newest = store.Query(SeriesKind.Circuit, "C7", end.AddSeconds(-30), end);
        Assert.Equal(31, newest.Points.Count);
        var all = store.Query(SeriesKind.Circuit, "C7", Start, end);
        Assert.True(all.Points[0].AtUnix > Start.ToUnixTimeSeconds(), "the oldest seconds should have been trimmed");
    }
}
