using LibreQoS.Python.Interop;
using LibreQoS.Python.Native;

namespace LibreQoS.Python.Interpreter;

/// <summary>
/// The objects <c>host_bootstrap.py</c> defines, which the host uses around every run. The bootstrap runs once, after
/// the <c>_host_runtime</c> module exists, and installs output capture, the interrupt handler and the os._exit guard.
/// </summary>
internal sealed class HostBootstrap : IDisposable
{
    internal const string HostModuleName = "_host_runtime";
    private const string ResourceName = "host_bootstrap.py";

    private HostBootstrap(PyObjectHandle module)
    {
        Module = module;
        ScriptInterrupt = PyCalls.GetAttr(module, "ScriptInterrupt");
        EnterRun = PyCalls.GetAttr(module, "enter_run");
        LeaveRun = PyCalls.GetAttr(module, "leave_run");
        Drain = PyCalls.GetAttr(module, "drain");
        ExitCode = PyCalls.GetAttr(module, "exit_code");
        Describe = PyCalls.GetAttr(module, "describe");
    }

    internal PyObjectHandle Module { get; }
    internal PyObjectHandle ScriptInterrupt { get; }
    internal PyObjectHandle EnterRun { get; }
    internal PyObjectHandle LeaveRun { get; }
    internal PyObjectHandle Drain { get; }
    internal PyObjectHandle ExitCode { get; }
    internal PyObjectHandle Describe { get; }

    /// <summary>Runs the bootstrap in a fresh module. Interpreter thread, GIL held, <c>_host_runtime</c> registered.</summary>
    internal static HostBootstrap Run()
    {
        string source;
        using (var stream = typeof(HostBootstrap).Assembly.GetManifestResourceStream(ResourceName)
                            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing"))
        using (var reader = new StreamReader(stream))
            source = reader.ReadToEnd();

        var module = PyObjectHandle.FromNew(CPython.PyModule_New("_host_bootstrap"));
        nint globals = CPython.PyModule_GetDict(module.Address);
        using var host = PyCalls.Import(HostModuleName);
        if (CPython.PyDict_SetItemString(globals, "__builtins__", CPython.PyEval_GetBuiltins()) != 0
            || CPython.PyDict_SetItemString(globals, "_host", host.Address) != 0)
            throw PythonErrors.FetchPending();

        using var code = Compile(source, "<host bootstrap>");
        using var result = PyObjectHandle.FromNew(CPython.PyEval_EvalCode(code.Address, globals, globals));
        return new HostBootstrap(module);
    }

    /// <summary><c>compile(source, filename, "exec", dont_inherit=True)</c>; <paramref name="source"/> (str or bytes) is consumed.</summary>
    internal static PyObjectHandle Compile(PyObjectHandle source, string fileName)
    {
        using var builtins = PyCalls.Import("builtins");
        return PyCalls.CallMethod(builtins, "compile", source, Conversion.PyConverter.ToPython(fileName),
            Conversion.PyConverter.ToPython("exec"), Conversion.PyConverter.ToPython(0), Conversion.PyConverter.ToPython(true));
    }

    private static PyObjectHandle Compile(string source, string fileName) => Compile(Conversion.PyConverter.ToPython(source), fileName);

    public void Dispose()
    {
        Describe.Dispose();
        ExitCode.Dispose();
        Drain.Dispose();
        LeaveRun.Dispose();
        EnterRun.Dispose();
        ScriptInterrupt.Dispose();
        Module.Dispose();
    }
}
