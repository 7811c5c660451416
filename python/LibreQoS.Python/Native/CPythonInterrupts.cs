using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

/// <summary>
/// The one C function the watchdog needs that pythonnet does not expose: <c>PyThreadState_SetAsyncExc</c> with an
/// exception class of our choosing (pythonnet's <c>PythonEngine.Interrupt</c> raises only KeyboardInterrupt). It is
/// called from C#, not through Python's ctypes, because the watchdog must check and inject while holding the GIL
/// without running any bytecode, which could hand the GIL to the interpreter thread in between.
/// </summary>
internal static unsafe class CPythonInterrupts
{
    private static delegate* unmanaged<nuint, nint, int> s_setAsyncExc;

    /// <summary>Finds the function in the libpython pythonnet loaded (same file, so the same loaded object).</summary>
    internal static void Bind(string libraryPath)
    {
        nint library = NativeLibrary.Load(libraryPath);
        s_setAsyncExc = (delegate* unmanaged<nuint, nint, int>)NativeLibrary.GetExport(library, "PyThreadState_SetAsyncExc");
    }

    /// <summary>
    /// see: https://docs.python.org/3/c-api/init.html#c.PyThreadState_SetAsyncExc. <paramref name="exception"/> is
    /// BORROWED (CPython takes its own reference), or 0 to withdraw a pending one. GIL held. Returns the number of
    /// thread states modified.
    /// </summary>
    internal static int PyThreadState_SetAsyncExc(nuint threadId, nint exception) => s_setAsyncExc(threadId, exception);
}
