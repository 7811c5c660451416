using LibreQoS.Python;
using LibreQoS.Scheduling.Hosting;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Integrations;

/// <summary>
/// Logs a traceback the host received as an exception, one line per event, under the script's category
/// (<c>LibreQoS.Scripts.&lt;script&gt;</c>), where python3 would have printed it to stderr.
/// </summary>
internal static partial class ScriptTraceback
{
    public static void Log(ILoggerFactory loggers, string script, PythonException exception)
    {
        var logger = loggers.CreateLogger($"{SchedulerPython.ScriptLogCategory}.{script}");
        string traceback = exception.PythonTraceback.Length > 0 ? exception.PythonTraceback : exception.Message;
        foreach (string line in traceback.TrimEnd('\n').Split('\n'))
            Line(logger, line);
    }

    [LoggerMessage(EventIds.ScriptTraceback, LogLevel.Error, "{Line}")]
    private static partial void Line(ILogger logger, string line);
}
