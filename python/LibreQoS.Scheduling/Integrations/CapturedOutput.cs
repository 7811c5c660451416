namespace LibreQoS.Scheduling.Integrations;

/// <summary>
/// Every line one run wrote, stdout and stderr interleaved in the order written, optionally echoed to a terminal.
/// The sinks run on Python threads with the GIL held, so lines arrive one at a time and in order.
/// </summary>
internal sealed class CapturedOutput(TextWriter? echoOut, TextWriter? echoError)
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];

    public void StandardOutput(string line)
    {
        Add(line);
        echoOut?.WriteLine(line);
    }

    public void StandardError(string line)
    {
        Add(line);
        echoError?.WriteLine(line);
    }

    /// <summary>Adds a traceback the host received as an exception, where python3 would have printed it: on stderr.</summary>
    public void AddTraceback(string traceback)
    {
        foreach (string line in traceback.TrimEnd('\n').Split('\n'))
            StandardError(line);
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
                return [.. _lines];
        }
    }

    private void Add(string line)
    {
        lock (_lock)
            _lines.Add(line);
    }
}
