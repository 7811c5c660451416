using Microsoft.Data.Sqlite;

namespace LibreQoS.History;

/// <summary>
/// History in one SQLite file (WAL, so queries read while the writer writes). Every tick is stored at 1 s; each
/// coarser tier is accumulated in memory and written when its interval closes, as the average over the ticks seen
/// in it (a circuit absent from a tick was idle then). Rows older than a tier's retention go once per minute, and
/// when the file's used pages exceed the cap the oldest data goes first, coarse tiers before the finest.
/// </summary>
/// <remarks>
/// Rows are keyed (tier, time, series): a tick's rows go to the end of the table in a few pages (keyed by series
/// first, every tick would dirty one page per circuit), and retention and trimming delete a leading range. One
/// series' range is read as one key lookup per interval, so a circuit's day at 1 min is 1,440 lookups.
/// </remarks>
public sealed class SqliteHistoryStore : IHistoryStore
{
    private const string Columns = "down_bps, up_bps, rtt_down, rtt_up, retx_down, retx_up, drops_down, drops_up, marks_down, marks_up";

    private static readonly string[] ParameterNames = ["$s", "$ts", "$a", "$b", "$c", "$d", "$e", "$f", "$g", "$h", "$i", "$j"];

    private readonly HistoryPolicy _policy;
    private readonly string _readConnection;
    private readonly SqliteConnection _db;
    private readonly Dictionary<(SeriesKind, string), long> _seriesIds = [];
    private readonly Bucket[] _open;
    private long _latest;
    private SqliteTransaction? _transaction;
    private long _lastMaintenance;

    public SqliteHistoryStore(string path, HistoryPolicy? policy = null)
    {
        _policy = policy ?? HistoryPolicy.Default;
        if (_policy.Tiers.Count == 0 || _policy.Tiers[0].ResolutionSeconds != 1)
            throw new ArgumentException("the finest history tier must be 1 s", nameof(policy));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _readConnection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString();
        _db.Open();
        // auto_vacuum must be chosen before the first table exists; incremental lets a trim hand pages back to the disk.
        Execute("PRAGMA auto_vacuum = INCREMENTAL");
        Execute("PRAGMA journal_mode = WAL");
        Execute("PRAGMA synchronous = NORMAL");
        Execute("CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, key TEXT NOT NULL, UNIQUE (kind, key))");
        Execute($"""
            CREATE TABLE IF NOT EXISTS samples (tier INTEGER NOT NULL, series INTEGER NOT NULL, ts INTEGER NOT NULL,
              down_bps INTEGER NOT NULL, up_bps INTEGER NOT NULL, rtt_down REAL, rtt_up REAL, retx_down REAL, retx_up REAL,
              drops_down REAL NOT NULL, drops_up REAL NOT NULL, marks_down REAL NOT NULL, marks_up REAL NOT NULL,
              PRIMARY KEY (tier, ts, series)) WITHOUT ROWID
            """);
        Execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
        using (var read = Command("SELECT id, kind, key FROM series"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
                _seriesIds[((SeriesKind)reader.GetInt32(1), reader.GetString(2))] = reader.GetInt64(0);
        }
        using (var latest = Command("SELECT value FROM meta WHERE name = 'latest'"))
            _latest = latest.ExecuteScalar() is long l ? l : 0;
        _open = [.. _policy.Tiers.Skip(1).Select(t => new Bucket(t.ResolutionSeconds))];
    }

    /// <summary>Bytes the database's pages hold (free pages not counted).</summary>
    public long UsedBytes
    {
        get
        {
            using var command = Command("SELECT (SELECT page_count FROM pragma_page_count) - (SELECT freelist_count FROM pragma_freelist_count), (SELECT page_size FROM pragma_page_size)");
            using var reader = command.ExecuteReader();
            reader.Read();
            return reader.GetInt64(0) * reader.GetInt64(1);
        }
    }

    public void Append(HistoryTick tick)
    {
        long at = tick.At.ToUnixTimeSeconds();
        using var transaction = _transaction = _db.BeginTransaction();
        foreach (var bucket in _open)
        {
            if (bucket.Start != bucket.StartOf(at) && bucket.Ticks > 0)
                Flush(bucket);
            bucket.Start = bucket.StartOf(at);
        }

        using var insert = Command($"INSERT OR REPLACE INTO samples (tier, series, ts, {Columns}) VALUES (1, $s, $ts, $a, $b, $c, $d, $e, $f, $g, $h, $i, $j)");
        var parameters = Parameters(insert);
        insert.Prepare();
        parameters[1].Value = at;
        foreach (var sample in tick.Samples)
        {
            long series = SeriesId(sample.Kind, sample.Key);
            foreach (var bucket in _open)
                bucket.Add(series, sample.Metrics);
            if (sample.Metrics.IsIdle)
                continue;
            parameters[0].Value = series;
            Bind(parameters, 2, sample.Metrics);
            insert.ExecuteNonQuery();
        }
        foreach (var bucket in _open)
            bucket.Ticks++;

        _latest = Math.Max(_latest, at);
        using (var latest = Command("INSERT OR REPLACE INTO meta (name, value) VALUES ('latest', $v)"))
        {
            latest.Parameters.AddWithValue("$v", _latest);
            latest.ExecuteNonQuery();
        }
        bool maintain = at - _lastMaintenance >= 60;
        if (maintain)
        {
            _lastMaintenance = at;
            Expire(at);
        }
        transaction.Commit();
        _transaction = null;
        if (maintain)
            EnforceCap();
    }

    public HistoryRange Query(SeriesKind kind, string key, DateTimeOffset from, DateTimeOffset to)
    {
        long latest = Volatile.Read(ref _latest);
        var tier = _policy.Tiers.FirstOrDefault(t => latest - (long)t.Retention.TotalSeconds <= from.ToUnixTimeSeconds(), _policy.Tiers[^1]);
        using var connection = new SqliteConnection(_readConnection);
        connection.Open();
        using var series = connection.CreateCommand();
        series.CommandText = "SELECT id FROM series WHERE kind = $kind AND key = $key";
        series.Parameters.AddWithValue("$kind", (int)kind);
        series.Parameters.AddWithValue("$key", key);
        if (series.ExecuteScalar() is not long id)
            return new HistoryRange(tier.ResolutionSeconds, []);
        using var command = connection.CreateCommand();
        // CROSS JOIN keeps the interval list as the outer loop: one primary-key lookup per interval.
        command.CommandText = $"""
            WITH RECURSIVE t(ts) AS (SELECT $from UNION ALL SELECT ts + $tier FROM t WHERE ts + $tier <= $to)
            SELECT s.ts, {Columns} FROM t CROSS JOIN samples s ON s.tier = $tier AND s.ts = t.ts AND s.series = $series
            """;
        command.Parameters.AddWithValue("$tier", tier.ResolutionSeconds);
        command.Parameters.AddWithValue("$series", id);
        command.Parameters.AddWithValue("$from", from.ToUnixTimeSeconds() - from.ToUnixTimeSeconds() % tier.ResolutionSeconds);
        command.Parameters.AddWithValue("$to", to.ToUnixTimeSeconds());
        var points = new List<StoredPoint>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            double? Nullable(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
            points.Add(new StoredPoint(reader.GetInt64(0), new HistoryMetrics(reader.GetInt64(1), reader.GetInt64(2), Nullable(3), Nullable(4),
                Nullable(5), Nullable(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetDouble(9), reader.GetDouble(10))));
        }
        return new HistoryRange(tier.ResolutionSeconds, points);
    }

    /// <summary>Writes the open coarse intervals (as averages of the ticks so far), so a restart loses none of them.</summary>
    public void Dispose()
    {
        using (var transaction = _transaction = _db.BeginTransaction())
        {
            foreach (var bucket in _open.Where(b => b.Ticks > 0))
                Flush(bucket);
            transaction.Commit();
        }
        _transaction = null;
        _db.Dispose();
    }

    private void Flush(Bucket bucket)
    {
        using var insert = Command($"INSERT OR REPLACE INTO samples (tier, series, ts, {Columns}) VALUES ($tier, $s, $ts, $a, $b, $c, $d, $e, $f, $g, $h, $i, $j)");
        var parameters = Parameters(insert);
        insert.Parameters.AddWithValue("$tier", bucket.Resolution);
        insert.Prepare();
        parameters[1].Value = bucket.Start;
        foreach (var (series, metrics) in bucket.Averages())
        {
            parameters[0].Value = series;
            Bind(parameters, 2, metrics);
            insert.ExecuteNonQuery();
        }
        bucket.Clear();
    }

    /// <summary>Drops rows past each tier's retention (called once a minute).</summary>
    private void Expire(long now)
    {
        foreach (var tier in _policy.Tiers)
            DeleteOlderThan(tier.ResolutionSeconds, now - (long)tier.Retention.TotalSeconds);
    }

    /// <summary>While the used pages exceed the cap, removes the oldest tenth of a tier's span: coarse tiers first, the finest last.</summary>
    private void EnforceCap()
    {
        var order = _policy.Tiers.Skip(1).Append(_policy.Tiers[0]).Select(t => t.ResolutionSeconds).ToList();
        for (int round = 0; round < 200 && UsedBytes > _policy.MaxBytes; round++)
        {
            int? trimmed = null;
            foreach (int tier in order)
            {
                if (Oldest(tier) is not { } oldest)
                    continue;
                long span = Math.Max(_latest - oldest, tier);
                using (var transaction = _transaction = _db.BeginTransaction())
                {
                    DeleteOlderThan(tier, oldest + Math.Max(span / 10, tier));
                    transaction.Commit();
                }
                _transaction = null;
                trimmed = tier;
                break;
            }
            if (trimmed is null)
                break;
        }
        Execute("PRAGMA incremental_vacuum");
    }

    private long? Oldest(int tier)
    {
        using var command = Command("SELECT MIN(ts) FROM samples WHERE tier = $tier");
        command.Parameters.AddWithValue("$tier", tier);
        return command.ExecuteScalar() is long oldest ? oldest : null;
    }

    private void DeleteOlderThan(int tier, long cutoff)
    {
        using var delete = Command("DELETE FROM samples WHERE tier = $tier AND ts < $cutoff");
        delete.Parameters.AddWithValue("$tier", tier);
        delete.Parameters.AddWithValue("$cutoff", cutoff);
        delete.ExecuteNonQuery();
    }

    private long SeriesId(SeriesKind kind, string key)
    {
        if (_seriesIds.TryGetValue((kind, key), out long id))
            return id;
        using var insert = Command("INSERT INTO series (kind, key) VALUES ($kind, $key) RETURNING id");
        insert.Parameters.AddWithValue("$kind", (int)kind);
        insert.Parameters.AddWithValue("$key", key);
        id = (long)insert.ExecuteScalar()!;
        _seriesIds[(kind, key)] = id;
        return id;
    }

    /// <summary>Series, time and the two rates are integers; the rest real (SQLite stores whole reals as integers on disk).</summary>
    private static SqliteParameter[] Parameters(SqliteCommand command) =>
        [.. ParameterNames.Select((n, i) => command.Parameters.Add(n, i < 4 ? SqliteType.Integer : SqliteType.Real))];

    private static void Bind(SqliteParameter[] p, int first, HistoryMetrics m)
    {
        p[first].Value = m.DownBps;
        p[first + 1].Value = m.UpBps;
        p[first + 2].Value = (object?)m.RttDownMs ?? DBNull.Value;
        p[first + 3].Value = (object?)m.RttUpMs ?? DBNull.Value;
        p[first + 4].Value = (object?)m.RetransmitsDown ?? DBNull.Value;
        p[first + 5].Value = (object?)m.RetransmitsUp ?? DBNull.Value;
        p[first + 6].Value = m.DropsDown;
        p[first + 7].Value = m.DropsUp;
        p[first + 8].Value = m.MarksDown;
        p[first + 9].Value = m.MarksUp;
    }

    private SqliteCommand Command(string sql)
    {
        var command = _db.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }
}
