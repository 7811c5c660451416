using System.Text.Json;

namespace LibreQoS.WebUi.Dashboard;

/// <summary>One dashboard snapshot and its JSON, as every request and stream is served them.</summary>
public sealed record DashboardFrame(long Timestamp, DashboardSnapshot Snapshot, string Json);

/// <summary>
/// The dashboard's snapshot for every open dashboard and API caller: built at most once per <see cref="Reuse"/> and
/// serialized once. While one caller rebuilds a stale frame, the others get the previous one at once instead of
/// each sorting the top circuits again (the data plane's figures change only once a second anyway).
/// </summary>
public sealed class DashboardFeed(IDashboardQueries queries, TimeProvider clock)
{
    public static readonly TimeSpan Reuse = TimeSpan.FromMilliseconds(250);
    private readonly Lock _building = new();
    private volatile DashboardFrame? _current;

    public DashboardFrame Current()
    {
        var current = _current;
        if (current is not null && Fresh(current))
            return current;
        if (current is null)
        {
            lock (_building)
                return _current is { } first ? first : Build();
        }
        if (!_building.TryEnter())
            return current;
        try
        {
            return _current is { } latest && Fresh(latest) ? latest : Build();
        }
        finally
        {
            _building.Exit();
        }
    }

    private bool Fresh(DashboardFrame frame) => clock.GetElapsedTime(frame.Timestamp) < Reuse;

    private DashboardFrame Build()
    {
        var snapshot = queries.Snapshot(DashboardEndpoints.TopCircuitCount);
        var frame = new DashboardFrame(clock.GetTimestamp(), snapshot, JsonSerializer.Serialize(snapshot, WebUiJsonContext.Default.DashboardSnapshot));
        _current = frame;
        return frame;
    }
}
