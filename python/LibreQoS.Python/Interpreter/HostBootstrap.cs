using Python.Runtime;

namespace LibreQoS.Python.Interpreter;

/// <summary>
/// The objects <c>host_bootstrap.py</c> defines, which the host uses around every run. The bootstrap runs once, on
/// the interpreter thread, and installs output capture, the interrupt handler and the os._exit guard.
/// </summary>
internal sealed class HostBootstrap : IDisposable
{
    private const string ResourceName = "host_bootstrap.py";

    private HostBootstrap(PyModule module)
    {
        Module = module;
        ScriptInterrupt = module.Get("ScriptInterrupt");
        SignalInterpreter = module.Get("signal_interpreter");
        NewMain = module.Get("new_main");
        CompileScript = module.Get("compile_script");
        EnterRun = module.Get("enter_run");
        LeaveRun = module.Get("leave_run");
        Drain = module.Get("drain");
        ExitCode = module.Get("exit_code");
        Describe = module.Get("describe");
        RegisterModule = module.Get("register_module");
        using var builtins = Py.Import("builtins");
        Exec = builtins.GetAttr("exec");
        SystemExit = builtins.GetAttr("SystemExit");
    }

    internal PyModule Module { get; }
    internal PyObject ScriptInterrupt { get; }
    internal PyObject SignalInterpreter { get; }
    internal PyObject NewMain { get; }
    internal PyObject CompileScript { get; }
    internal PyObject EnterRun { get; }
    internal PyObject LeaveRun { get; }
    internal PyObject Drain { get; }
    internal PyObject ExitCode { get; }
    internal PyObject Describe { get; }
    internal PyObject RegisterModule { get; }
    internal PyObject Exec { get; }
    internal PyObject SystemExit { get; }

    /// <summary>Runs the bootstrap in a fresh module with <paramref name="host"/> as its <c>_host</c>. Interpreter thread, GIL held.</summary>
    internal static HostBootstrap Run(HostCallbacks host)
    {
        string source;
        using (var stream = typeof(HostBootstrap).Assembly.GetManifestResourceStream(ResourceName)
                            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing"))
        using (var reader = new StreamReader(stream))
            source = reader.ReadToEnd();

        var module = Py.CreateScope("_host_bootstrap");
        try
        {
            using var hostObject = host.ToPython();
            module.Set("_host", hostObject);
            using var builtins = Py.Import("builtins");
            using var text = new PyString(source);
            using var fileName = new PyString("<host bootstrap>");
            using var mode = new PyString("exec");
            using var code = builtins.InvokeMethod("compile", text, fileName, mode);
            using var result = module.Execute(code);
            return new HostBootstrap(module);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var o in (PyObject[])[SystemExit, Exec, RegisterModule, Describe, ExitCode, Drain, LeaveRun, EnterRun, CompileScript,
                     NewMain, SignalInterpreter, ScriptInterrupt, Module])
            o.Dispose();
    }
}
