namespace LibreQoS.Python.Interpreter;

/// <summary>
/// What <c>host_bootstrap.py</c> calls back into, as its global <c>_host</c>: pythonnet exposes this object's public
/// methods to Python, converting their arguments, and calls them on the calling Python thread with the GIL
/// released. Each is quick and never waits for the interpreter thread. Lines stay in order because the bootstrap's
/// writers call <see cref="Emit"/> under their own lock.
/// </summary>
public sealed class HostCallbacks
{
    private readonly OutputRouter _output;
    private readonly Func<string?> _takeInterrupt;
    private readonly Action<long, string> _osExitCalled;

    internal HostCallbacks(OutputRouter output, Func<string?> takeInterrupt, Action<long, string> osExitCalled)
    {
        _output = output;
        _takeInterrupt = takeInterrupt;
        _osExitCalled = osExitCalled;
    }

    /// <summary>Complete lines written to stdout (1) or stderr (2).</summary>
    public void Emit(int stream, string text) => _output.Emit(stream, text);

    /// <summary>The reason to raise ScriptInterrupt with, from the SIGUSR2 handler, or null if the signal was not for the current run.</summary>
    public string? TakeInterrupt() => _takeInterrupt();

    /// <summary>A script called <c>os._exit(status)</c> on the named Python thread.</summary>
    public void OsExitCalled(long status, string thread) => _osExitCalled(status, thread);
}
