using System.Diagnostics;
using LibreQoS.Python.Conversion;
using LibreQoS.Python.HostModules;
using LibreQoS.Python.Interpreter;
using LibreQoS.Python.Native;
using Python.Runtime;
using PythonNetException = Python.Runtime.PythonException;

namespace LibreQoS.Python;

// The part of PythonRuntime that runs on the interpreter thread.
public sealed partial class PythonRuntime
{
    /// <summary>Initialises CPython through pythonnet as the chosen python3 and runs the bootstrap. Interpreter thread; ends with the GIL released.</summary>
    private void Initialize()
    {
        Runtime.PythonDLL = Installation.LibraryPath;
        // sys.executable, and from it sys.prefix and sys.path, come from the program name, as for `python3`.
        PythonEngine.ProgramName = Installation.Executable;
        // No signal handlers (SIGTERM stays with .NET hosting) and no sys.argv of ours: scripts get theirs per run.
        PythonEngine.Initialize(setSysArgv: false, initSigs: false);
        try
        {
            PyConverter.CaptureTypes();
            var callbacks = new HostCallbacks(_output, () => _watchdog?.TakeInterrupt(),
                (status, thread) => Log.ScriptCalledOsExit(_logger, _currentWork ?? "code outside any run", status, thread));
            _bootstrap = HostBootstrap.Run(callbacks);
            SetEnvironment(_options.Environment);
            PythonErrors.UseDescriber(_bootstrap.Describe);
            CPythonInterrupts.Bind(Installation.LibraryPath);
            _watchdog = new ScriptWatchdog((nuint)PythonEngine.GetPythonThreadID(), _bootstrap.ScriptInterrupt, _bootstrap.SignalInterpreter,
                _options.StuckAfter, _logger);
            using var sys = Py.Import("sys");
            using var version = sys.GetAttr("version");
            Version = version.As<string>();
        }
        catch (PythonNetException ex)
        {
            throw PythonErrors.Describe(ex);
        }
        finally
        {
            _mainThreadState = PythonEngine.BeginAllowThreads();
        }
    }

    /// <summary>os.environ[name] = value for each; os.environ's putenv makes child processes see them too. GIL held.</summary>
    private static void SetEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        if (variables.Count == 0)
            return;
        using var os = Py.Import("os");
        using var environ = os.GetAttr("environ");
        foreach (var (name, value) in variables)
        {
            using var key = new PyString(name);
            using var text = new PyString(value);
            environ.SetItem(key, text);
        }
    }

    private void RegisterHostModule(string name, IReadOnlyDictionary<string, HostFunction> functions) =>
        HostModuleFactory.Register(Bootstrap.RegisterModule, name, functions);

    private ScriptResult RunFile(ScriptRunRequest request, string path, Action<InterruptReason> onStuck, CancellationToken cancellation)
    {
        long start = Stopwatch.GetTimestamp();
        string name = System.IO.Path.GetFileName(path);
        using var pathObject = new PyString(path);
        using var code = Bootstrap.CompileScript.Invoke(pathObject);
        using var main = Bootstrap.NewMain.Invoke(pathObject);
        using var globals = main.GetAttr("__dict__");
        _currentWork = name;
        _output.Begin(System.IO.Path.GetFileNameWithoutExtension(path), request.StandardOutput, request.StandardError);
        try
        {
            using var argv = PyConverter.ToPython(request.Arguments);
            using var workingDirectory = PyConverter.ToPython(request.WorkingDirectory);
            using var saved = Bootstrap.EnterRun.Invoke(pathObject, argv, workingDirectory, main);
            try
            {
                int exitCode = Execute(name, request.Timeout, onStuck, () => Bootstrap.Exec.Invoke(code, globals), result => 0, ExitCodeOf, cancellation);
                var elapsed = Stopwatch.GetElapsedTime(start);
                Log.ScriptFinished(_logger, name, exitCode, elapsed.TotalMilliseconds);
                return new ScriptResult(exitCode, elapsed);
            }
            finally
            {
                Bootstrap.LeaveRun.Invoke(saved).Dispose();
            }
        }
        finally
        {
            _output.End();
            _currentWork = null;
        }
    }

    private object? Call(string module, string function, IReadOnlyList<object?> arguments, Action<InterruptReason> onStuck, CancellationToken cancellation)
    {
        string what = $"{module}.{function}()";
        using var callable = Resolve(module, function);
        var args = new PyObject[arguments.Count];
        _currentWork = what;
        _output.Begin(module, null, null);
        try
        {
            for (int i = 0; i < args.Length; i++)
                args[i] = PyConverter.ToPython(arguments[i]);
            return Execute(what, System.Threading.Timeout.InfiniteTimeSpan, onStuck, () => callable.Invoke(args),
                PyConverter.ToClr, exitCodeOf: null, cancellation);
        }
        finally
        {
            foreach (var arg in args)
                arg?.Dispose();
            Bootstrap.Drain.Invoke().Dispose();
            _output.End();
            _currentWork = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="invoke"/> under the watchdog and maps the outcome: a result, a SystemExit (scripts only),
    /// an interrupt, or a Python exception.
    /// </summary>
    private T Execute<T>(string what, TimeSpan timeout, Action<InterruptReason> onStuck,
        Func<PyObject> invoke, Func<PyObject, T> onResult, Func<PyObject, T>? exitCodeOf, CancellationToken cancellation)
    {
        // The section ends right after the call, before any other Python code runs, so an interrupt meant for this
        // run cannot land in the error handling below; its Reason is final from then on.
        PyObject result;
        var section = Watchdog.Begin(what, timeout, onStuck, cancellation);
        try
        {
            result = invoke();
        }
        catch (PythonNetException ex)
        {
            section.Dispose();
            return Failed(ex, section, what, timeout, exitCodeOf, cancellation);
        }
        section.Dispose();
        using (result)
            return onResult(result);
    }

    private T Failed<T>(PythonNetException ex, ScriptWatchdog.Section section, string what, TimeSpan timeout,
        Func<PyObject, T>? exitCodeOf, CancellationToken cancellation)
    {
        ex.Normalize();
        var exception = ex.Value;
        if (exitCodeOf is not null && exception is not null && exception.IsInstance(Bootstrap.SystemExit))
        {
            try
            {
                return exitCodeOf(exception);
            }
            finally
            {
                PythonErrors.Release(ex);
            }
        }
        // Only our interrupt counts as a timeout: a script that caught it and raised something else reports that.
        if (section.Reason is { } reason && exception is not null && exception.IsInstance(Bootstrap.ScriptInterrupt))
        {
            var (type, message, traceback) = PythonErrors.DescribeParts(ex);
            PythonErrors.Release(ex);
            if (message.Length == 0)
                message = section.ReasonText; // raised as a bare class by PyThreadState_SetAsyncExc
            if (reason == InterruptReason.Deadline)
                throw new ScriptTimeoutException(what, timeout, stillRunning: false, type, message, traceback);
            throw new OperationCanceledException(message, cancellation);
        }
        throw PythonErrors.Describe(ex);
    }

    private int ExitCodeOf(PyObject systemExit)
    {
        using var code = Bootstrap.ExitCode.Invoke(systemExit);
        int exitCode = PyConverter.ToClr(code) switch
        {
            long l => (int)Math.Clamp(l, int.MinValue, int.MaxValue),
            System.Numerics.BigInteger big => big.Sign < 0 ? int.MinValue : int.MaxValue,
            _ => 1,
        };
        Log.ScriptExited(_logger, _currentWork ?? "script", exitCode);
        return exitCode;
    }

    private static PyObject Resolve(string module, string dottedName)
    {
        var target = Py.Import(module);
        foreach (string part in dottedName.Split('.'))
        {
            using var owner = target;
            target = owner.GetAttr(part);
        }
        return target;
    }

    /// <summary>Disposes the watchdog (no GIL held: a tick may be waiting for it), then finalises. Interpreter thread.</summary>
    private void FinalizeInterpreter()
    {
        _watchdog?.Dispose();
        // Takes the GIL back on this thread for good: nothing may release it after the interpreter is finalised.
        PythonEngine.EndAllowThreads(_mainThreadState);
        PythonErrors.UseDescriber(null);
        PyConverter.ReleaseTypes();
        _bootstrap?.Dispose();
        _currentWork = "Py_FinalizeEx";
        PythonEngine.Shutdown();
        _currentWork = null;
    }
}
