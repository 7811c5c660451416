using Microsoft.Extensions.Logging;

namespace LibreQoS.Python.Interpreter;

/// <summary>
/// Delivers the lines that the bootstrap's stdout/stderr writers emit: to the current run's sinks and to the log
/// (category <c>{prefix}.{script}</c>; stdout at Information, stderr at Warning). Lines written while no run is
/// current (by a thread a script left behind) go to the log under <c>{prefix}</c> only.
/// </summary>
/// <remarks>
/// <see cref="Emit"/> runs on whichever Python thread wrote, without the GIL (pythonnet releases it around .NET
/// calls), under one lock with <see cref="Begin"/> and <see cref="End"/>: so a line reaches the run it was written
/// in or none, never a sink whose run has ended. That is also why a sink must be quick and must never call back
/// into <see cref="PythonRuntime"/>.
/// </remarks>
internal sealed partial class OutputRouter(ILoggerFactory loggers, string categoryPrefix)
{
    internal const int StandardOutput = 1;
    internal const int StandardError = 2;

    private readonly ILogger _strayLogger = loggers.CreateLogger(categoryPrefix);
    private readonly Lock _gate = new();
    private RunOutput? _current;

    /// <summary>Routes lines to these sinks until <see cref="End"/>. Interpreter thread.</summary>
    internal void Begin(string scriptName, Action<string>? standardOutput, Action<string>? standardError)
    {
        var run = new RunOutput(loggers.CreateLogger($"{categoryPrefix}.{scriptName}"), standardOutput, standardError);
        lock (_gate)
            _current = run;
    }

    /// <summary>Waits for a line being delivered, then routes no more to the run's sinks.</summary>
    internal void End()
    {
        lock (_gate)
            _current = null;
    }

    /// <summary>Splits <paramref name="text"/> on '\n' and delivers each line.</summary>
    internal void Emit(int stream, string text)
    {
        lock (_gate)
            EmitLocked(stream, text);
    }

    private void EmitLocked(int stream, string text)
    {
        var run = _current;
        var logger = run?.Logger ?? _strayLogger;
        var sink = stream == StandardError ? run?.StandardError : run?.StandardOutput;
        int start = 0;
        while (true)
        {
            int end = text.IndexOf('\n', start);
            string line = end < 0 ? text[start..] : text[start..end];
            Deliver(logger, sink, stream, line);
            if (end < 0)
                return;
            start = end + 1;
        }
    }

    private static void Deliver(ILogger logger, Action<string>? sink, int stream, string line)
    {
        if (stream == StandardError)
            Log.ScriptStderr(logger, line);
        else
            Log.ScriptStdout(logger, line);
        if (sink is null)
            return;
        try
        {
            sink(line);
        }
        catch (Exception ex)
        {
            // A broken sink must not turn into an exception inside the script's print().
            Log.OutputSinkFailed(logger, ex);
        }
    }

    private sealed record RunOutput(ILogger Logger, Action<string>? StandardOutput, Action<string>? StandardError);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ScriptStdout, Level = LogLevel.Information, Message = "{Line}")]
        internal static partial void ScriptStdout(ILogger logger, string line);

        [LoggerMessage(EventId = EventIds.ScriptStderr, Level = LogLevel.Warning, Message = "{Line}")]
        internal static partial void ScriptStderr(ILogger logger, string line);

        [LoggerMessage(EventId = EventIds.OutputSinkFailed, Level = LogLevel.Error, Message = "An output sink threw; the line was logged but not delivered")]
        internal static partial void OutputSinkFailed(ILogger logger, Exception exception);
    }
}
