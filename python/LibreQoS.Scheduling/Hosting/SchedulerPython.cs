using LibreQoS.Config.LqosConf;
using LibreQoS.Python;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Hosting;

/// <summary>Starts the embedded interpreter as lqos.conf's [scheduler] section says.</summary>
public static partial class SchedulerPython
{
    /// <summary>Script output is logged under <c>LibreQoS.Scripts.&lt;script&gt;</c>.</summary>
    public const string ScriptLogCategory = "LibreQoS.Scripts";

    /// <param name="configPath">
    /// The lqos.conf the scheduler read, given to scripts as <c>LQOS_CONFIG</c>: liblqos_python reads its settings from
    /// there, so an integration sees the file <c>--config</c> named rather than /etc/lqos.conf.
    /// </param>
    public static PythonRuntimeOptions OptionsFor(LqosConfig config, string? configPath = null) => new()
    {
        LibraryPath = config.Scheduler.PythonLibrary,
        LibraryPathSetting = "scheduler.python_library in lqos.conf",
        Executable = config.Scheduler.PythonExecutable,
        ExecutableSetting = "scheduler.python_executable in lqos.conf",
        ScriptLogCategory = ScriptLogCategory,
        Environment = configPath is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [LqosConfigFile.ConfigEnvironmentVariable] = Path.GetFullPath(configPath) },
    };

    /// <summary>The started runtime, or null (logged with what to set) when no usable Python is installed.</summary>
    public static async Task<PythonRuntime?> TryStartAsync(LqosConfig config, string configPath, ILoggerFactory loggers)
    {
        try
        {
            return await PythonRuntime.StartAsync(OptionsFor(config, configPath), loggers).ConfigureAwait(false);
        }
        catch (PythonInstallationException ex)
        {
            PythonUnavailable(loggers.CreateLogger(typeof(SchedulerPython).FullName!), ex.Message);
            return null;
        }
    }

    [LoggerMessage(EventIds.PythonUnavailable, LogLevel.Critical, "Cannot start Python: {Reason}")]
    private static partial void PythonUnavailable(ILogger logger, string reason);
}
