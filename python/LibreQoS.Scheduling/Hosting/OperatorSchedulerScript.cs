using LibreQoS.Python;
using LibreQoS.Scheduling.Integrations;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Hosting;

/// <summary>
/// An operator's own <c>scheduler.py</c> in lqos_directory, run unchanged as <c>python3 scheduler.py</c> would run it
/// from there: as <c>__main__</c>, until it returns or the service stops. It owns the schedule then (upstream's
/// scheduler.py blocks in APScheduler's BlockingScheduler); its output is logged under LibreQoS.Scripts.scheduler.
/// </summary>
public sealed partial class OperatorSchedulerScript(PythonRuntime python, ILoggerFactory loggers)
{
    public const string FileName = "scheduler.py";

    private readonly ILogger _logger = loggers.CreateLogger<OperatorSchedulerScript>();

    public static string PathIn(string lqosDirectory) => Path.Combine(lqosDirectory, FileName);

    /// <returns>Its exit code: 0, the one it gave sys.exit, or 1 when it raised.</returns>
    /// <exception cref="OperationCanceledException">Stopped through <paramref name="cancellationToken"/>.</exception>
    public async Task<int> RunAsync(string lqosDirectory, CancellationToken cancellationToken)
    {
        string path = PathIn(lqosDirectory);
        Log.Starting(_logger, path);
        try
        {
            var result = await python.RunFileAsync(new ScriptRunRequest(path) { WorkingDirectory = lqosDirectory }, cancellationToken).ConfigureAwait(false);
            Log.Ended(_logger, path, result.ExitCode);
            return result.ExitCode;
        }
        catch (PythonException ex)
        {
            ScriptTraceback.Log(loggers, Path.GetFileNameWithoutExtension(FileName), ex);
            Log.Failed(_logger, path, ex.PythonType, ex.PythonMessage);
            return 1;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.OperatorScriptStarting, LogLevel.Information,
            "Running the operator's {Path} in place of the built-in schedule (remove or rename it to use the built-in one)")]
        public static partial void Starting(ILogger logger, string path);

        [LoggerMessage(EventIds.OperatorScriptEnded, LogLevel.Warning, "{Path} returned with exit code {ExitCode}; lqos_scheduler stops with it")]
        public static partial void Ended(ILogger logger, string path, int exitCode);

        [LoggerMessage(EventIds.OperatorScriptFailed, LogLevel.Error, "{Path} raised {Type}: {Message} (traceback above); lqos_scheduler stops with it")]
        public static partial void Failed(ILogger logger, string path, string type, string message);
    }
}
