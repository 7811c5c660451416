using System.Collections.Concurrent;
using LibreQoS.TestKit;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Python.Tests;

/// <summary>CPython can be initialised once per process: every test class that needs it joins this collection.</summary>
[CollectionDefinition(Name)]
public sealed class PythonCollectionDefinition : ICollectionFixture<PythonRuntimeFixture>
{
    public const string Name = "Python";
}

/// <summary>Owns the one runtime of the test process and records everything it logs.</summary>
public sealed class PythonRuntimeFixture : IAsyncLifetime
{
    private PythonRuntime? _runtime;

    /// <summary>Set through <see cref="PythonRuntimeOptions.Environment"/>.</summary>
    public const string HostVariable = "LQOS_PYTHON_TESTS_HOST_VARIABLE";
    public const string HostVariableValue = "set by the host";

    public RecordingLoggerProvider Logs { get; } = new();

    public PythonRuntime Runtime => _runtime ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        _runtime = await PythonRuntime.StartAsync(new PythonRuntimeOptions
        {
            StuckAfter = TimeSpan.FromSeconds(3),
            Environment = new Dictionary<string, string> { [HostVariable] = HostVariableValue },
        }, loggers);
    }

    /// <summary>Stops the runtime; a failure to finalise fails the collection's cleanup, so every run checks StopAsync.</summary>
    public async Task DisposeAsync()
    {
        if (_runtime is null)
            return;
        await _runtime.DisposeAsync();
        if (!Logs.Entries.Any(e => e.EventId == 4501))
            throw new InvalidOperationException("The Python runtime did not finalise: " + string.Join("; ", Logs.Entries.Where(e => e.EventId == 4502).Select(e => e.Message)));
    }

    /// <summary>Writes <paramref name="source"/> to a script file in <paramref name="dir"/> and runs it, collecting its output.</summary>
    public async Task<ScriptOutcome> RunAsync(TempDirectory dir, string source, string name = "script.py", TimeSpan? timeout = null,
        IReadOnlyList<string>? arguments = null, string? workingDirectory = null, CancellationToken cancellation = default)
    {
        string path = dir.Write(name, source);
        var stdout = new List<string>();
        var stderr = new List<string>();
        var request = new ScriptRunRequest(path)
        {
            Arguments = arguments ?? [],
            WorkingDirectory = workingDirectory,
            Timeout = timeout ?? Timeout.InfiniteTimeSpan,
            StandardOutput = stdout.Add,
            StandardError = stderr.Add,
        };
        var result = await Runtime.RunFileAsync(request, cancellation);
        return new ScriptOutcome(result, stdout, stderr);
    }
}

public sealed record ScriptOutcome(ScriptResult Result, List<string> Stdout, List<string> Stderr);

/// <summary>Keeps every log entry in memory, for assertions on what the runtime logged.</summary>
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

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}

public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message);
