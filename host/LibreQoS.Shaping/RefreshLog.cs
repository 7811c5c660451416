using System.Diagnostics;

namespace LibreQoS.Shaping;

public enum RefreshLogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}

public sealed record RefreshLogLine(RefreshLogLevel Level, TimeSpan At, string Message)
{
    public override string ToString() => $"{Level.ToString().ToUpperInvariant(),-7} {At.TotalMilliseconds,8:F1} ms  {Message}";
}

/// <summary>
/// What a refresh did, line by line with the time since it started: shown by <c>lqos refresh --debug</c> and,
/// through lqosd, streamed back to whoever asked for the refresh.
/// </summary>
public sealed class RefreshLog(Action<RefreshLogLine>? onLine = null)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<RefreshLogLine> _lines = [];

    public IReadOnlyList<RefreshLogLine> Lines => _lines;

    public void Debug(string message) => Add(RefreshLogLevel.Debug, message);

    public void Info(string message) => Add(RefreshLogLevel.Info, message);

    public void Warning(string message) => Add(RefreshLogLevel.Warning, message);

    public void Error(string message) => Add(RefreshLogLevel.Error, message);

    /// <summary>Runs one phase and logs how long it took.</summary>
    public T Phase<T>(string name, Func<T> phase)
    {
        var started = _clock.Elapsed;
        var result = phase();
        Debug($"{name}: {(_clock.Elapsed - started).TotalMilliseconds:F1} ms");
        return result;
    }

    private void Add(RefreshLogLevel level, string message)
    {
        var line = new RefreshLogLine(level, _clock.Elapsed, message);
        lock (_lines)
            _lines.Add(line);
        onLine?.Invoke(line);
    }
}
