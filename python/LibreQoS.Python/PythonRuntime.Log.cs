using Microsoft.Extensions.Logging;

namespace LibreQoS.Python;

public sealed partial class PythonRuntime
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.Started, Level = LogLevel.Information,
            Message = "Python {Version} started in {Milliseconds:0} ms: library {Library}, executable {Executable} (found by {FoundBy})")]
        internal static partial void Started(ILogger logger, string version, string library, string executable, string foundBy, double milliseconds);

        [LoggerMessage(EventId = EventIds.Stopped, Level = LogLevel.Information, Message = "Python interpreter finalised")]
        internal static partial void Stopped(ILogger logger);

        [LoggerMessage(EventId = EventIds.FinalizeTimedOut, Level = LogLevel.Warning,
            Message = "The Python interpreter did not stop within {Seconds} s (busy with {Work}); leaving it unfinalised")]
        internal static partial void FinalizeTimedOut(ILogger logger, double seconds, string work);

        [LoggerMessage(EventId = EventIds.FinalizeFlushFailed, Level = LogLevel.Warning, Message = "Py_FinalizeEx could not flush Python's buffered data")]
        internal static partial void FinalizeFlushFailed(ILogger logger);

        [LoggerMessage(EventId = EventIds.ScriptFinished, Level = LogLevel.Information, Message = "{Script} finished with exit code {ExitCode} in {Milliseconds:0} ms")]
        internal static partial void ScriptFinished(ILogger logger, string script, int exitCode, double milliseconds);

        [LoggerMessage(EventId = EventIds.ScriptExited, Level = LogLevel.Information,
            Message = "{Script} called sys.exit / raised SystemExit with code {ExitCode}; only the script ended, the host keeps running")]
        internal static partial void ScriptExited(ILogger logger, string script, int exitCode);

        [LoggerMessage(EventId = EventIds.ScriptCalledOsExit, Level = LogLevel.Warning,
            Message = "{Script} called os._exit({Status}) on thread {Thread}; the host raised SystemExit({Status}) instead, so only the script ended, not the host")]
        internal static partial void ScriptCalledOsExit(ILogger logger, string script, long status, string thread);
    }
}
