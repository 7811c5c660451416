namespace LibreQoS.History;

public enum SeriesKind
{
    Total = 0,
    Circuit = 1,
    Site = 2,
}

/// <summary>
/// What is kept per series per interval. Rates in bits/s; drops, marks and retransmits per second; RTT in
/// milliseconds. RTT and retransmits are null where nothing was measured (no TCP samples, or flow tracking off).
/// </summary>
public readonly record struct HistoryMetrics(
    long DownBps, long UpBps, double? RttDownMs, double? RttUpMs, double? RetransmitsDown, double? RetransmitsUp,
    double DropsDown, double DropsUp, double MarksDown, double MarksUp)
{
    /// <summary>Nothing moved and nothing was measured: not stored (a missing point reads as idle).</summary>
    public bool IsIdle => DownBps == 0 && UpBps == 0 && RttDownMs is null && RttUpMs is null && RetransmitsDown is null && RetransmitsUp is null
        && DropsDown == 0 && DropsUp == 0 && MarksDown == 0 && MarksUp == 0;
}

public readonly record struct SeriesSample(SeriesKind Kind, string Key, HistoryMetrics Metrics);

/// <summary>One second of the whole box: totals, every active circuit and every site.</summary>
public sealed record HistoryTick(DateTimeOffset At, IReadOnlyList<SeriesSample> Samples);

public readonly record struct StoredPoint(long AtUnix, HistoryMetrics Metrics);

/// <summary>Points of one series, each the average over <see cref="ResolutionSeconds"/> from its time; idle intervals are absent.</summary>
public sealed record HistoryRange(int ResolutionSeconds, IReadOnlyList<StoredPoint> Points);

/// <summary>One resolution and how long it is kept.</summary>
public readonly record struct HistoryTier(int ResolutionSeconds, TimeSpan Retention);

/// <summary>Resolutions from finest to coarsest, and the most the database may use on disk.</summary>
public sealed record HistoryPolicy(IReadOnlyList<HistoryTier> Tiers, long MaxBytes)
{
    /// <summary>1 s for an hour, 1 min for 30 days, 1 h for a year, at most 4 GiB.</summary>
    public static HistoryPolicy Default { get; } = new(
        [new(1, TimeSpan.FromHours(1)), new(60, TimeSpan.FromDays(30)), new(3600, TimeSpan.FromDays(365))], 4L << 30);
}

/// <summary>
/// Where history lives: one narrow type so a fleet of boxes can later point at a shared server instead of the
/// embedded file. Appends come from one writer; queries may come from any thread.
/// </summary>
public interface IHistoryStore : IDisposable
{
    void Append(HistoryTick tick);

    HistoryRange Query(SeriesKind kind, string key, DateTimeOffset from, DateTimeOffset to);
}
