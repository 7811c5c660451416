using System.Diagnostics;
using LibreQoS.Python;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Integrations;

/// <summary>
/// Runs one integration in the embedded interpreter, as upstream's scheduler runs it in a child python3: from
/// lqos_directory, with a deadline, its output captured line by line. A failure (an exception, a non-zero exit, the
/// deadline) writes the whole output to a <see cref="FailureLog"/> file and returns a preview for the status.
/// </summary>
public sealed partial class IntegrationRunner(PythonRuntime python, IntegrationDriver driver, FailureLog failureLog, ILoggerFactory loggers,
    TextWriter? echoOut = null, TextWriter? echoError = null)
{
    private readonly ILogger _logger = loggers.CreateLogger<IntegrationRunner>();

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the run was interrupted).</exception>
    public async Task<IntegrationOutcome> RunAsync(Integration integration, string lqosDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string script = Path.Combine(lqosDirectory, integration.ScriptFile);
        if (!File.Exists(script))
        {
            string missing = $"{integration.Label} cannot run: {integration.ScriptFile} is not in {lqosDirectory}. " +
                             $"Put the integration script there, or set {integration.EnableKey} = false.";
            Log.ScriptMissing(_logger, missing);
            return new IntegrationOutcome(false, missing, null, 0, TimeSpan.Zero);
        }

        var output = new CapturedOutput(echoOut, echoError);
        var request = new ScriptRunRequest(driver.PathFor(integration.Module))
        {
            Arguments = [lqosDirectory, integration.Module, integration.Function],
            WorkingDirectory = lqosDirectory,
            Timeout = timeout,
            StandardOutput = output.StandardOutput,
            StandardError = output.StandardError,
        };
        Log.IntegrationStarting(_logger, integration.Label, integration.Module, integration.Function, timeout.TotalSeconds);
        long started = Stopwatch.GetTimestamp();
        string headline;
        bool stuck = false;
        try
        {
            var result = await python.RunFileAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0)
                return Succeeded(integration, output.Lines.Count, result.Elapsed);
            headline = $"{integration.Label} exited with code {result.ExitCode}. Continuing.";
        }
        catch (ScriptTimeoutException ex)
        {
            stuck = ex.StillRunning;
            headline = stuck
                ? $"{integration.Label} ignored its {timeout.TotalSeconds:0} s timeout and is still running in native code; lqos_scheduler restarts to recover."
                : $"{integration.Label} was stopped at its {timeout.TotalSeconds:0} s timeout " +
                  $"(raise scheduler.integration_timeout_seconds, or timeout_seconds in its [[scheduler.jobs]] entry, if it needs longer). Continuing.";
            Fail(integration, output, ex);
        }
        catch (PythonException ex)
        {
            headline = $"{integration.Label} exited with code 1. Continuing.";
            Fail(integration, output, ex);
        }

        var lines = output.Lines;
        string logPath = failureLog.Write(integration.Label, lines);
        string preview = FailureLog.Preview(lines);
        Log.IntegrationFailed(_logger, integration.Label, headline, logPath);
        if (stuck)
            Log.InterpreterStuck(_logger, integration.Label);
        string message = preview.Length > 0 ? $"{headline}\nOutput preview:\n{preview}" : headline;
        return new IntegrationOutcome(false, message, logPath, lines.Count, Stopwatch.GetElapsedTime(started), stuck);
    }

    private IntegrationOutcome Succeeded(Integration integration, int lineCount, TimeSpan elapsed)
    {
        Log.IntegrationSucceeded(_logger, integration.Label, elapsed.TotalSeconds, lineCount);
        string message = lineCount == 0
            ? $"{integration.Label} completed successfully."
            : $"{integration.Label} completed successfully. Captured {lineCount} line(s) of output.";
        return new IntegrationOutcome(true, message, null, lineCount, elapsed);
    }

    private void Fail(Integration integration, CapturedOutput output, PythonException exception)
    {
        output.AddTraceback(exception.PythonTraceback.Length > 0 ? exception.PythonTraceback : exception.Message);
        ScriptTraceback.Log(loggers, integration.Module, exception);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.IntegrationStarting, LogLevel.Information, "Running {Label}: {Module}.{Function}() from lqos_directory (timeout {Seconds} s)")]
        public static partial void IntegrationStarting(ILogger logger, string label, string module, string function, double seconds);

        [LoggerMessage(EventIds.IntegrationSucceeded, LogLevel.Information, "{Label} completed in {Seconds:0.0} s ({Lines} line(s) of output)")]
        public static partial void IntegrationSucceeded(ILogger logger, string label, double seconds, int lines);

        [LoggerMessage(EventIds.IntegrationFailed, LogLevel.Error, "{Label} failed: {Headline} Full output: {LogPath}")]
        public static partial void IntegrationFailed(ILogger logger, string label, string headline, string logPath);

        [LoggerMessage(EventIds.IntegrationScriptMissing, LogLevel.Error, "{Message}")]
        public static partial void ScriptMissing(ILogger logger, string message);

        [LoggerMessage(EventIds.InterpreterStuck, LogLevel.Critical,
            "{Label} is stuck in native code past its timeout; the embedded Python cannot run anything else, so lqos_scheduler stops and systemd restarts it")]
        public static partial void InterpreterStuck(ILogger logger, string label);
    }
}
