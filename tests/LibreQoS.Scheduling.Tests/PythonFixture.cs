using System.Collections.Concurrent;
using LibreQoS.Config.LqosConf;
using LibreQoS.Python;
using LibreQoS.Scheduling.Hosting;
using LibreQoS.Scheduling.Integrations;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Tests;

/// <summary>CPython can be initialised once per process: every test class that runs Python joins this collection.</summary>
[CollectionDefinition(Name)]
public sealed class PythonCollectionDefinition : ICollectionFixture<PythonFixture>
{
    public const string Name = "Python";
}

/// <summary>The process's one interpreter, started as the scheduler starts it, with everything logged kept in memory.</summary>
public sealed class PythonFixture : IAsyncLifetime
{
    private PythonRuntime? _runtime;

    public RecordingLoggerProvider Logs { get; } = new();

    public ILoggerFactory Loggers { get; private set; } = null!;

    public PythonRuntime Runtime => _runtime ?? throw new InvalidOperationException("not started");

    public IntegrationDriver Driver { get; } = new();

    public async Task InitializeAsync()
    {
        Loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        _runtime = await PythonRuntime.StartAsync(SchedulerPython.OptionsFor(new LqosConfig()) with { StuckAfter = TimeSpan.FromSeconds(3) }, Loggers);
    }

    public async Task DisposeAsync()
    {
        if (_runtime is not null)
            await _runtime.DisposeAsync();
        Driver.Dispose();
        Loggers.Dispose();
    }

    public IntegrationRunner Runner(string failureLogDirectory, TextWriter? echoOut = null, TextWriter? echoError = null) =>
        new(Runtime, Driver, new FailureLog(TimeProvider.System, failureLogDirectory), Loggers, echoOut, echoError);
}

/// <summary>Keeps every log entry in memory, for assertions on what was logged.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception)));
    }
}

public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message);
