using LibreQoS.Core.Flows;

namespace LibreQoS.Flows.Tracking;

/// <summary>
/// The newest RTT samples of one circuit or host, per direction: at most <see cref="Capacity"/> each, none older than
/// the window. Percentiles (over time, see <see cref="RttSummary.TimeWeighted"/>) are recomputed only when the samples changed.
/// </summary>
internal sealed class RttWindow(ulong windowNanoseconds)
{
    public const int Capacity = 128;

    private readonly Direction _download = new();
    private readonly Direction _upload = new();

    public RttSummary? Download => _download.Summary;

    public RttSummary? Upload => _upload.Summary;

    public bool IsEmpty => _download.Count == 0 && _upload.Count == 0;

    public void Add(FlowDirection direction, ulong rttNanoseconds, ulong nowNanoseconds) =>
        (direction == FlowDirection.Download ? _download : _upload).Add(rttNanoseconds / 1e6, nowNanoseconds);

    /// <summary>Drops samples older than the window and refreshes the percentiles of what changed.</summary>
    public void Settle(ulong nowNanoseconds)
    {
        ulong oldest = nowNanoseconds > windowNanoseconds ? nowNanoseconds - windowNanoseconds : 0;
        _download.Settle(oldest);
        _upload.Settle(oldest);
    }

    private sealed class Direction
    {
        private readonly double[] _milliseconds = new double[Capacity];
        private readonly ulong[] _at = new ulong[Capacity];
        private readonly double[] _scratch = new double[Capacity];
        private int _next;
        private bool _changed;

        public int Count { get; private set; }

        public RttSummary? Summary { get; private set; }

        public void Add(double milliseconds, ulong at)
        {
            _milliseconds[_next] = milliseconds;
            _at[_next] = at;
            _next = (_next + 1) % Capacity;
            Count = Math.Min(Count + 1, Capacity);
            _changed = true;
        }

        public void Settle(ulong oldest)
        {
            // The ring holds samples in arrival order: the oldest sits Count places behind the next slot.
            while (Count > 0 && _at[(_next - Count + Capacity) % Capacity] < oldest)
            {
                Count--;
                _changed = true;
            }
            if (!_changed)
                return;
            _changed = false;
            for (int i = 0; i < Count; i++)
                _scratch[i] = _milliseconds[(_next - Count + i + Capacity) % Capacity];
            Summary = RttSummary.TimeWeighted(_scratch.AsSpan(0, Count));
        }
    }
}
