namespace LibreQoS.Python;

/// <summary>A script to run as <c>__main__</c>, as <c>python3 Path Arguments…</c> would from <see cref="WorkingDirectory"/>.</summary>
public sealed record ScriptRunRequest(string Path)
{
    /// <summary><c>sys.argv[1:]</c>; <c>sys.argv[0]</c> is the script's full path.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// The current directory during the run, or null to keep the host's. The current directory belongs to the whole
    /// process, so the host's own relative paths see it too until the run ends and it is restored.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Deadline, counted from when the script starts executing; infinite by default.</summary>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Receives each complete line the script writes to stdout, in order (see <see cref="PythonRuntime"/>).</summary>
    public Action<string>? StandardOutput { get; init; }

    /// <summary>Receives each complete line the script writes to stderr, in order.</summary>
    public Action<string>? StandardError { get; init; }
}
