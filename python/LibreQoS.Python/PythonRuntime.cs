using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using LibreQoS.Python.Interpreter;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Python;

/// <summary>
/// The embedded CPython interpreter: one per process, started once, driven from any thread. pythonnet loads and
/// drives libpython; this layer chooses the library, owns the thread, and runs scripts as python3 would.
/// </summary>
/// <remarks>
/// <para>All work runs on one interpreter thread (see <c>InterpreterThread</c>); methods post to it and return a
/// task, and must not be called from a host function or output sink. Values cross the boundary as plain .NET
/// values: None ↔ null, bool, int ↔ long (BigInteger when larger), float ↔ double, str ↔ string, list/tuple →
/// <c>List&lt;object?&gt;</c> (any IEnumerable → list), dict ↔ <c>Dictionary&lt;object, object?&gt;</c> (any IDictionary → dict).</para>
/// <para>Scripts run as <c>python3 script.py</c> would: <c>__name__ == "__main__"</c>, <c>sys.argv</c>, the script's
/// folder first on <c>sys.path</c>, the same <c>sys.path</c> and <c>sys.executable</c> as the python3 the library
/// belongs to. Unlike a new process they share one interpreter: modules a script imported stay imported, and threads
/// it started keep running after it ends.</para>
/// <para>Output: <c>sys.stdout</c>/<c>sys.stderr</c> deliver complete lines, in order, to the run's sinks and to the
/// log; an unfinished last line is delivered when the run ends. Sinks run on the writing Python thread, one line at a
/// time across all threads (the GIL released): keep them quick. Output written straight to file descriptors 1 and 2 (by C code, <c>os.write</c> or a child
/// process that inherits them) is not captured.</para>
/// <para>Exits: <c>sys.exit(n)</c> ends the script with exit code n. <c>os._exit(n)</c> is replaced by a function that
/// logs that the script called it and raises <c>SystemExit(n)</c> (so, unlike the real one, <c>finally</c> blocks run;
/// in a forked child it is the real one). What cannot be intercepted, and does end the host: a C extension calling
/// <c>exit()</c>, <c>_exit()</c> or <c>abort()</c>; <c>os.abort()</c>; <c>os.kill(os.getpid(), …)</c> with a fatal
/// signal; a crash or <c>Py_FatalError</c> in native code.</para>
/// <para>Deadlines and cancellation interrupt a script with <c>ScriptInterrupt</c> (a BaseException), also inside
/// <c>time.sleep</c>, lock and event waits and socket calls; C code that neither returns nor handles EINTR cannot be
/// interrupted, and the run is then reported stuck (<see cref="IsHealthy"/> false).</para>
/// </remarks>
public sealed partial class PythonRuntime : IAsyncDisposable
{
    private static int s_started;

    private readonly PythonRuntimeOptions _options;
    private readonly ILogger<PythonRuntime> _logger;
    private readonly OutputRouter _output;
    private InterpreterThread? _thread;
    private nint _mainThreadState;
    private HostBootstrap? _bootstrap;
    private ScriptWatchdog? _watchdog;
    private volatile string? _currentWork;
    private int _stopping;

    private PythonRuntime(PythonRuntimeOptions options, PythonInstallation installation, ILoggerFactory loggers)
    {
        _options = options;
        Installation = installation;
        _logger = loggers.CreateLogger<PythonRuntime>();
        _output = new OutputRouter(loggers, options.ScriptLogCategory);
    }

    public PythonInstallation Installation { get; }

    /// <summary><c>sys.version</c> of the embedded interpreter.</summary>
    public string Version { get; private set; } = "";

    /// <summary>False once stopped, or while a run ignores its interrupts (stuck in native code).</summary>
    public bool IsHealthy => Volatile.Read(ref _stopping) == 0 && _watchdog?.IsStuck != true;

    private InterpreterThread Thread => _thread ?? throw new InvalidOperationException("The runtime is not started");

    private ScriptWatchdog Watchdog => _watchdog!;

    private HostBootstrap Bootstrap => _bootstrap!;

    /// <summary>Finds, loads and initialises CPython. Once per process: CPython cannot be initialised twice.</summary>
    /// <exception cref="PythonInstallationException">No usable Python; the message names the setting to fix.</exception>
    public static async Task<PythonRuntime> StartAsync(PythonRuntimeOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new PythonRuntimeOptions();
        if (Interlocked.Exchange(ref s_started, 1) != 0)
            throw new InvalidOperationException("CPython can be initialised only once per process, and this process already started it");
        long start = Stopwatch.GetTimestamp();
        var runtime = new PythonRuntime(options, Locate(options), loggerFactory ?? NullLoggerFactory.Instance);
        runtime._thread = await InterpreterThread.StartAsync(runtime.Initialize).ConfigureAwait(false);
        double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        string version = runtime.Version.Split(' ')[0];
        Log.Started(runtime._logger, version, runtime.Installation.LibraryPath, runtime.Installation.Executable, runtime.Installation.FoundBy, milliseconds);
        return runtime;
    }

    private static PythonInstallation Locate(PythonRuntimeOptions options)
    {
        try
        {
            var installation = PythonLocator.Locate(options);
            CheckLibrary(installation.LibraryPath);
            return installation;
        }
        catch
        {
            Volatile.Write(ref s_started, 0); // nothing was initialised: a corrected retry may start
            throw;
        }
    }

    /// <summary>
    /// Opens the library once before pythonnet does, for an operator-readable reason: pythonnet reports a library
    /// it cannot open only as a failure deep inside its first call, and keeps that state for the process.
    /// </summary>
    private static void CheckLibrary(string path)
    {
        nint handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException ex)
        {
            throw new PythonInstallationException($"Cannot load the Python library {path}: {ex.Message}");
        }
        if (!NativeLibrary.TryGetExport(handle, "Py_InitializeEx", out _))
            throw new PythonInstallationException($"The library {path} is not a Python library (it has no Py_InitializeEx).");
    }

    /// <summary>Runs a Python file as <c>__main__</c>.</summary>
    /// <returns>The exit code: 0, or the one given to <c>sys.exit</c>/<c>os._exit</c>.</returns>
    /// <exception cref="FileNotFoundException">The script does not exist.</exception>
    /// <exception cref="PythonException">The script raised (or has a syntax error); carries the formatted traceback.</exception>
    /// <exception cref="ScriptTimeoutException">It ran past <see cref="ScriptRunRequest.Timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled, or the host is stopping.</exception>
    public async Task<ScriptResult> RunFileAsync(ScriptRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string path = System.IO.Path.GetFullPath(request.Path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The script {path} does not exist", path);
        string name = System.IO.Path.GetFileName(path);
        return await RunGuardedAsync(name, request.Timeout, onStuck => RunFile(request, path, onStuck, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Imports a module (and so runs its top level once). Python errors throw <see cref="PythonException"/>.</summary>
    public Task ImportAsync(string module)
    {
        ArgumentException.ThrowIfNullOrEmpty(module);
        return Thread.InvokeAsync(() =>
        {
            using var imported = global::Python.Runtime.Py.Import(module);
            return true;
        });
    }

    /// <summary>Calls <c>module.function(*arguments)</c> and converts the result.</summary>
    public Task<object?> CallAsync(string module, string function, params object?[] arguments) =>
        CallAsync(module, function, arguments, CancellationToken.None);

    /// <summary>
    /// Calls <c>module.function(*arguments)</c> (<paramref name="function"/> may be dotted, e.g. <c>Class.method</c>)
    /// and converts the result. Cancelling interrupts the call like a script deadline.
    /// </summary>
    /// <exception cref="PythonException">The function raised.</exception>
    /// <exception cref="NotSupportedException">An argument or the result has no conversion.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while the call ran.</exception>
    public Task<object?> CallAsync(string module, string function, IReadOnlyList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(module);
        ArgumentException.ThrowIfNullOrEmpty(function);
        ArgumentNullException.ThrowIfNull(arguments);
        return RunGuardedAsync($"{module}.{function}()", System.Threading.Timeout.InfiniteTimeSpan,
            onStuck => Call(module, function, arguments, onStuck, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Makes <c>import <paramref name="name"/></c> give a module whose functions call the given delegates
    /// (see <see cref="HostFunction"/>). Registering a name again replaces the module for later imports.
    /// </summary>
    public Task RegisterHostModuleAsync(string name, IReadOnlyDictionary<string, HostFunction> functions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(functions);
        return Thread.InvokeAsync(() =>
        {
            RegisterHostModule(name, functions);
            return true;
        });
    }

    /// <summary>
    /// Interrupts the current run, waits for queued work, finalises CPython and frees what the host modules use.
    /// Gives up (logging why) after <see cref="PythonRuntimeOptions.StopTimeout"/>; the process can still exit.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0 || _thread is null)
            return;
        Watchdog.InterruptCurrent(InterruptReason.HostStopping);
        if (await _thread.StopAsync(FinalizeInterpreter, _options.StopTimeout).ConfigureAwait(false))
        {
            Log.Stopped(_logger);
            return;
        }
        Log.FinalizeTimedOut(_logger, _options.StopTimeout.TotalSeconds, _currentWork ?? "Py_FinalizeEx (waiting for a thread a script started)");
        LeaveInterpreterAtExit();
    }

    /// <summary>
    /// pythonnet finalises the interpreter itself when the process exits (an AppDomain.ProcessExit handler), which
    /// would wait for the GIL that a stuck run holds, so the process could never exit. When our own finalisation gave
    /// up, that handler is removed: the process then exits with the interpreter unfinalised, as it would without
    /// pythonnet. pythonnet has no public switch for this, so its private handler is found by name; if a later
    /// pythonnet renames it, nothing is removed and exit behaves as pythonnet decides.
    /// </summary>
    private static void LeaveInterpreterAtExit()
    {
        var handler = typeof(global::Python.Runtime.PythonEngine).GetMethod("OnProcessExit", BindingFlags.NonPublic | BindingFlags.Static);
        if (handler is not null)
            AppDomain.CurrentDomain.ProcessExit -= handler.CreateDelegate<EventHandler>();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Runs <paramref name="work"/> on the interpreter thread with the GIL held (for tests of the internals).</summary>
    internal Task<T> InvokeAsync<T>(Func<T> work) => Thread.InvokeAsync(work);

    /// <summary>
    /// Posts guarded work; if the watchdog reports it stuck, the returned task fails then rather than when (if ever)
    /// the interpreter thread comes back.
    /// </summary>
    private async Task<T> RunGuardedAsync<T>(string what, TimeSpan timeout, Func<Action<InterruptReason>, T> work, CancellationToken cancellation)
    {
        var stuck = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Thread.InvokeAsync(() => work(reason => stuck.TrySetException(reason == InterruptReason.Deadline
            ? new ScriptTimeoutException(what, timeout, stillRunning: true, "ScriptInterrupt", "the script ignored every interrupt", "")
            : new OperationCanceledException($"{what} was cancelled but is still running in native code", cancellation))));
        var first = await Task.WhenAny(run, stuck.Task).ConfigureAwait(false);
        if (first != run)
            _ = run.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return await first.ConfigureAwait(false);
    }
}
