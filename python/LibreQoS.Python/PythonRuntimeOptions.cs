namespace LibreQoS.Python;

/// <summary>How to find and run CPython. Every property has a working default for a Debian machine.</summary>
public sealed record PythonRuntimeOptions
{
    /// <summary>
    /// The libpython shared library to load (e.g. <c>/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0</c>). When null,
    /// <c>PYTHONNET_PYDLL</c> is used, else the interpreters in <see cref="PythonLocator"/> are asked.
    /// </summary>
    public string? LibraryPath { get; init; }

    /// <summary>How to name <see cref="LibraryPath"/> to an operator in error messages (e.g. a config key).</summary>
    public string LibraryPathSetting { get; init; } = "the Python library setting";

    /// <summary>
    /// The python3 the embedded interpreter should be: its <c>sys.executable</c>, and the base of <c>sys.prefix</c>
    /// and so of <c>sys.path</c>. When null, the interpreter that reported the library (or, for a library given
    /// explicitly, the one whose library or version matches it).
    /// </summary>
    public string? Executable { get; init; }

    /// <summary>How to name <see cref="Executable"/> to an operator in error messages.</summary>
    public string ExecutableSetting { get; init; } = "the Python executable setting";

    /// <summary>Log category of script output: lines go to <c>{ScriptLogCategory}.{script name}</c>.</summary>
    public string ScriptLogCategory { get; init; } = "Python.Scripts";

    /// <summary>
    /// Variables put into <c>os.environ</c> (and so the environment of the processes scripts start) once the
    /// interpreter is up, before any script runs.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long a run may ignore its interrupts before it is reported stuck and its caller released.</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long stopping waits for the current run to end and for <c>Py_FinalizeEx</c>.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
