namespace LibreQoS.Scheduling.Jobs;

/// <summary>
/// When each job runs next, by the clock of a <see cref="TimeProvider"/>. A job is due at its first time; after a
/// success it is due <see cref="JobSettings.Interval"/> after it started (at once, if the run outlasted its
/// interval); after a failure <see cref="JobSettings.RetryDelay"/> after it ended. A running job is never due, so
/// one job never overlaps itself (APScheduler's max_instances=1).
/// </summary>
public sealed class JobSchedule(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Add(string name, JobSettings settings, TimeSpan firstAfter)
    {
        lock (_lock)
            _entries.Add(name, new Entry(settings) { NextDue = time.GetUtcNow() + firstAfter });
    }

    /// <summary>Marks every due job as running and returns their names.</summary>
    public IReadOnlyList<string> StartDue()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var due = _entries.Where(e => !e.Value.Running && e.Value.NextDue <= now).Select(e => e.Key).ToList();
            foreach (string name in due)
            {
                _entries[name].Running = true;
                _entries[name].StartedAt = now;
            }
            return due;
        }
    }

    public void Finished(string name, bool succeeded)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var entry = _entries[name];
            entry.Running = false;
            entry.NextDue = succeeded
                ? Max(entry.StartedAt + entry.Settings.Interval, now)
                : now + entry.Settings.RetryDelay;
        }
    }

    public DateTimeOffset NextRunOf(string name)
    {
        lock (_lock)
            return _entries[name].NextDue;
    }

    /// <summary>The earliest time a job that is not running becomes due; null when every job is running.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_lock)
                return _entries.Values.Where(e => !e.Running).Select(e => (DateTimeOffset?)e.NextDue).Min();
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class Entry(JobSettings settings)
    {
        public JobSettings Settings { get; } = settings;
        public DateTimeOffset NextDue { get; set; }
        public DateTimeOffset StartedAt { get; set; }
        public bool Running { get; set; }
    }
}
