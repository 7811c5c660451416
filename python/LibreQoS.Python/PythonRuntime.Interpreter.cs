using System.Diagnostics;
using LibreQoS.Python.Conversion;
using LibreQoS.Python.Interop;
using LibreQoS.Python.Interpreter;
using LibreQoS.Python.Native;

namespace LibreQoS.Python;

// The part of PythonRuntime that runs on the interpreter thread.
public sealed partial class PythonRuntime
{
    /// <summary>Initialises CPython as the chosen python3 and runs the bootstrap. Interpreter thread; ends with the GIL released.</summary>
    private void Initialize()
    {
        // CPython keeps this pointer, so it is never freed.
        nint programName = CPython.Py_DecodeLocale(Installation.Executable, 0);
        if (programName == 0)
            throw new PythonInstallationException($"The Python executable path {Installation.Executable} cannot be decoded.");
        CPython.Py_SetProgramName(programName);
        CPython.Py_InitializeEx(0);
        PyObjectHandle.InterpreterAlive = true;

        using (Gil.AssumeHeld())
        {
            nuint threadId = CPython.PyThread_get_thread_ident();
            _hostModules.Register(HostBootstrap.HostModuleName, InternalFunctions(), releaseGil: false);
            _bootstrap = HostBootstrap.Run();
            SetEnvironment(_options.Environment);
            PythonErrors.UseDescriber(_bootstrap.Describe);
            _watchdog = new ScriptWatchdog(threadId, _bootstrap.ScriptInterrupt, _options.StuckAfter, _logger);
            Version = PyConverter.ToClr(new PyBorrowed(CPython.PySys_GetObject("version"))) as string ?? "";
        }
        CPython.PyEval_SaveThread();
    }

    /// <summary>os.environ[name] = value for each; os.environ's putenv makes child processes see them too. GIL held.</summary>
    private static void SetEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        if (variables.Count == 0)
            return;
        using var os = PyCalls.Import("os");
        using var environ = PyCalls.GetAttr(os, "environ");
        foreach (var (name, value) in variables)
            PyCalls.CallMethod(environ, "__setitem__", PyConverter.ToPython(name), PyConverter.ToPython(value)).Dispose();
    }

    /// <summary>The functions of <c>_host_runtime</c>, which the bootstrap calls. They run with the GIL held.</summary>
    private Dictionary<string, HostFunction> InternalFunctions() => new()
    {
        ["emit"] = args =>
        {
            _output.Emit((int)(long)args[0]!, (string)args[1]!);
            return null;
        },
        ["take_interrupt"] = _ => _watchdog?.TakeInterrupt(),
        ["os_exit_called"] = args =>
        {
            Log.ScriptCalledOsExit(_logger, _currentWork ?? "code outside any run", (long)args[0]!, (string)args[1]!);
            return null;
        },
    };

    private ScriptResult RunFile(ScriptRunRequest request, string path, byte[] source, Action<InterruptReason> onStuck, CancellationToken cancellation)
    {
        long start = Stopwatch.GetTimestamp();
        string name = System.IO.Path.GetFileName(path);
        // Compiled from bytes, as python3 does, so a PEP 263 coding line is honoured and tracebacks name the path.
        using var code = HostBootstrap.Compile(PyBytes(source), path);
        using var main = NewMainModule(path);
        _currentWork = name;
        _output.Begin(System.IO.Path.GetFileNameWithoutExtension(path), request.StandardOutput, request.StandardError);
        try
        {
            using var saved = PyCalls.Call(Bootstrap.EnterRun, PyConverter.ToPython(path), PyConverter.ToPython(request.Arguments),
                PyConverter.ToPython(request.WorkingDirectory), PyObjectHandle.FromBorrowed(main.Borrow()));
            try
            {
                nint globals = CPython.PyModule_GetDict(main.Address);
                int exitCode = Execute(name, request.Timeout, onStuck, () => CPython.PyEval_EvalCode(code.Address, globals, globals),
                    result => 0, ExitCodeOf, cancellation);
                var elapsed = Stopwatch.GetElapsedTime(start);
                Log.ScriptFinished(_logger, name, exitCode, elapsed.TotalMilliseconds);
                return new ScriptResult(exitCode, elapsed);
            }
            finally
            {
                using var restored = PyCalls.Call(Bootstrap.LeaveRun, PyObjectHandle.FromBorrowed(saved.Borrow()));
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
        using var args = PyTuple.Of([.. arguments.Select(PyConverter.ToPython)]);
        _currentWork = what;
        _output.Begin(module, null, null);
        try
        {
            return Execute(what, System.Threading.Timeout.InfiniteTimeSpan, onStuck, () => CPython.PyObject_Call(callable.Address, args.Address, 0),
                result => PyConverter.ToClr(result.Borrow()), exitCodeOf: null, cancellation);
        }
        finally
        {
            using (PyCalls.Call(Bootstrap.Drain))
                _output.End();
            _currentWork = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="invoke"/> (a C API call returning a NEW reference or 0) under the watchdog and maps the
    /// outcome: a result, a SystemExit (scripts only), an interrupt, or a Python exception.
    /// </summary>
    private T Execute<T>(string what, TimeSpan timeout, Action<InterruptReason> onStuck,
        Func<nint> invoke, Func<PyObjectHandle, T> onResult, Func<PyObjectHandle, T>? exitCodeOf, CancellationToken cancellation)
    {
        // The section ends right after the call, before any other Python code runs, so an interrupt meant for this
        // run cannot land in the error handling below; its Reason is final from then on.
        nint result;
        var section = Watchdog.Begin(what, timeout, onStuck, cancellation);
        try
        {
            result = invoke();
        }
        finally
        {
            section.Dispose();
        }
        if (result != 0)
        {
            using var value = PyObjectHandle.FromNew(result);
            return onResult(value);
        }

        using var exception = PythonErrors.TakePending() ?? throw PythonErrors.FetchPending();
        if (exitCodeOf is not null && CPython.PyErr_GivenExceptionMatches(exception.Address, CPython.PyExc_SystemExit) != 0)
            return exitCodeOf(exception);
        // Only our interrupt counts as a timeout: a script that caught it and raised something else reports that.
        if (section.Reason is { } reason && CPython.PyErr_GivenExceptionMatches(exception.Address, Bootstrap.ScriptInterrupt.Address) != 0)
        {
            var (type, message, traceback) = PythonErrors.DescribeParts(exception.Borrow());
            if (message.Length == 0)
                message = section.ReasonText; // raised as a bare class by PyThreadState_SetAsyncExc
            if (reason == InterruptReason.Deadline)
                throw new ScriptTimeoutException(what, timeout, stillRunning: false, type, message, traceback);
            throw new OperationCanceledException(message, cancellation);
        }
        throw PythonErrors.Describe(exception.Borrow());
    }

    private int ExitCodeOf(PyObjectHandle systemExit)
    {
        using var code = PyCalls.Call(Bootstrap.ExitCode, PyObjectHandle.FromBorrowed(systemExit.Borrow()));
        int exitCode = PyConverter.ToClr(code.Borrow()) switch
        {
            long l => (int)Math.Clamp(l, int.MinValue, int.MaxValue),
            System.Numerics.BigInteger big => big.Sign < 0 ? int.MinValue : int.MaxValue,
            _ => 1,
        };
        Log.ScriptExited(_logger, _currentWork ?? "script", exitCode);
        return exitCode;
    }

    private static PyObjectHandle Resolve(string module, string dottedName)
    {
        var target = PyCalls.Import(module);
        foreach (string part in dottedName.Split('.'))
        {
            using var owner = target;
            target = PyCalls.GetAttr(owner, part);
        }
        return target;
    }

    private static unsafe PyObjectHandle PyBytes(byte[] bytes)
    {
        fixed (byte* p = bytes)
            return PyObjectHandle.FromNew(CPython.PyBytes_FromStringAndSize(p, bytes.Length));
    }

    /// <summary>A fresh <c>__main__</c> module for a script, with what <c>python3 script.py</c> sets.</summary>
    private static PyObjectHandle NewMainModule(string path)
    {
        var main = PyObjectHandle.FromNew(CPython.PyModule_New("__main__"));
        nint globals = CPython.PyModule_GetDict(main.Address);
        using var file = PyConverter.ToPython(path);
        if (CPython.PyDict_SetItemString(globals, "__file__", file.Address) != 0
            || CPython.PyDict_SetItemString(globals, "__builtins__", CPython.PyEval_GetBuiltins()) != 0
            || CPython.PyDict_SetItemString(globals, "__cached__", CPython.Py_None) != 0)
        {
            main.Dispose();
            throw PythonErrors.FetchPending();
        }
        return main;
    }

    /// <summary>Disposes the watchdog (no GIL held: a tick may be waiting for it), then finalises. Interpreter thread.</summary>
    private void FinalizeInterpreter()
    {
        _watchdog?.Dispose();
        _ = CPython.PyGILState_Ensure(); // never released: nothing may touch the GIL after Py_FinalizeEx
        using (Gil.AssumeHeld())
        {
            PythonErrors.UseDescriber(null);
            _bootstrap?.Dispose();
            PyObjectHandle.DrainDeferredReleases();
        }
        PyObjectHandle.InterpreterAlive = false;
        _currentWork = "Py_FinalizeEx";
        if (CPython.Py_FinalizeEx() != 0)
            Log.FinalizeFlushFailed(_logger);
        _currentWork = null;
        _hostModules.Dispose();
    }
}
