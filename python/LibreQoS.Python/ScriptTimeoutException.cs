namespace LibreQoS.Python;

/// <summary>
/// A script or call ran past its deadline. Either it was interrupted (the traceback shows where), or it ignored
/// every interrupt and is still running in native code (<see cref="StillRunning"/>), in which case the interpreter
/// is stuck and the process should be restarted.
/// </summary>
public sealed class ScriptTimeoutException : PythonException
{
    internal ScriptTimeoutException(string what, TimeSpan timeout, bool stillRunning, string pythonType, string pythonMessage, string pythonTraceback)
        : base(stillRunning
                ? $"{what} did not stop after its {timeout.TotalSeconds:0.###} s deadline; it is still running in native code"
                : $"{what} was stopped at its {timeout.TotalSeconds:0.###} s deadline",
            pythonType, pythonMessage, pythonTraceback)
    {
        Timeout = timeout;
        StillRunning = stillRunning;
    }

    public TimeSpan Timeout { get; }

    /// <summary>True when the script did not stop: the interpreter thread is still busy with it.</summary>
    public bool StillRunning { get; }
}
