using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace LibreQoS.Service.Hosting;

/// <summary>
/// Logging for the daemons: one line per event on stdout. Under systemd (JOURNAL_STREAM set) each line starts with
/// its syslog priority (<c>&lt;3&gt;</c> …) so journald files it at the right level and adds its own timestamp;
/// otherwise lines carry a time and level for a terminal.
/// </summary>
public static class LqosLogging
{
    public static Serilog.ILogger Create(string level)
    {
        bool journald = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));
        string template = journald
            ? "<{SyslogPriority}>{SourceContext}: {Message:lj}{ExceptionSummary}{NewLine}"
            : "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{ExceptionSummary}{NewLine}";
        return new LoggerConfiguration()
            .MinimumLevel.Is(Parse(level))
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.With<JournalEnricher>()
            .WriteTo.Console(outputTemplate: template, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }

    public static LogEventLevel Parse(string level) => level switch
    {
        "trace" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "warning" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        _ => LogEventLevel.Information,
    };

    /// <summary>Adds the syslog priority and a one-line exception summary (no multi-line stack traces in the journal).</summary>
    private sealed class JournalEnricher : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            int priority = logEvent.Level switch
            {
                LogEventLevel.Fatal => 2,
                LogEventLevel.Error => 3,
                LogEventLevel.Warning => 4,
                LogEventLevel.Information => 6,
                _ => 7,
            };
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("SyslogPriority", priority));
            string summary = logEvent.Exception is { } ex ? $" ({ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")})" : "";
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("ExceptionSummary", summary));
        }
    }
}
