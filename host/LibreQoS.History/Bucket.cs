namespace LibreQoS.History;

/// <summary>
/// One coarse tier's open interval: per series, sums over the ticks seen so far. Rates, drops, marks and
/// retransmits average over every tick of the interval (absent means idle); RTT averages over the ticks that
/// measured it.
/// </summary>
internal sealed class Bucket(int resolution)
{
    private sealed class Sums
    {
        public double Down, Up, DropsDown, DropsUp, MarksDown, MarksUp;
        public Mean RttDown, RttUp, RetransmitsDown, RetransmitsUp;
    }

    private struct Mean
    {
        public double Sum;
        public int Count;

        public void Add(double? value)
        {
            if (value is { } v)
            {
                Sum += v;
                Count++;
            }
        }

        public readonly double? Over(int count) => Count == 0 ? null : Sum / count;

        public readonly double? Average => Count == 0 ? null : Sum / Count;
    }

    private readonly Dictionary<long, Sums> _sums = [];

    public int Resolution => resolution;

    public long Start { get; set; }

    public int Ticks { get; set; }

    public long StartOf(long at) => at - (((at % resolution) + resolution) % resolution);

    public void Add(long series, HistoryMetrics m)
    {
        if (!_sums.TryGetValue(series, out var s))
        {
            if (m.IsIdle)
                return;
            _sums[series] = s = new Sums();
        }
        s.Down += m.DownBps;
        s.Up += m.UpBps;
        s.DropsDown += m.DropsDown;
        s.DropsUp += m.DropsUp;
        s.MarksDown += m.MarksDown;
        s.MarksUp += m.MarksUp;
        s.RttDown.Add(m.RttDownMs);
        s.RttUp.Add(m.RttUpMs);
        s.RetransmitsDown.Add(m.RetransmitsDown);
        s.RetransmitsUp.Add(m.RetransmitsUp);
    }

    public IEnumerable<(long Series, HistoryMetrics Metrics)> Averages()
    {
        double n = Math.Max(Ticks, 1);
        foreach (var (series, s) in _sums)
        {
            yield return (series, new HistoryMetrics((long)Math.Round(s.Down / n), (long)Math.Round(s.Up / n), s.RttDown.Average, s.RttUp.Average,
                s.RetransmitsDown.Over(Ticks), s.RetransmitsUp.Over(Ticks), s.DropsDown / n, s.DropsUp / n, s.MarksDown / n, s.MarksUp / n));
        }
    }

    public void Clear()
    {
        _sums.Clear();
        Ticks = 0;
    }
}
