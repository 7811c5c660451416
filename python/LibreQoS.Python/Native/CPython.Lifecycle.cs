using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

internal static partial class CPython
{
    /// <summary>
    /// see: https://docs.python.org/3/c-api/init.html#c.Py_DecodeLocale. Callable before initialisation. Returns a
    /// <c>wchar_t*</c> allocated with <c>PyMem_RawMalloc</c>, or 0 on a decoding or memory error.
    /// </summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint Py_DecodeLocale(string arg, nint size);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/init.html#c.Py_SetProgramName. Before initialisation only. The string must
    /// stay valid for the life of the process. It is what makes <c>sys.executable</c> and <c>sys.prefix</c> those of
    /// the real interpreter. Deprecated since 3.11; PyConfig replaces it but is a struct whose layout changes between
    /// versions. CPython 3.16 drops it from the headers but keeps it exported for the Stable ABI; PEP 741's string-keyed
    /// PyInitConfig (3.14+) is the replacement to adopt behind a version check.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial void Py_SetProgramName(nint name);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/init.html#c.Py_InitializeEx. <paramref name="initsigs"/> = 0 installs no
    /// signal handlers, so SIGINT and SIGTERM stay with .NET. Aborts the process on a fatal error.
    /// Returns with the GIL held by the calling thread, which becomes Python's main thread.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial void Py_InitializeEx(int initsigs);

    /// <summary>see: https://docs.python.org/3/c-api/init.html#c.Py_FinalizeEx. GIL held, on the initialising thread. 0 or -1 (buffers not flushed).</summary>
    [LibraryImport(Lib)]
    internal static partial int Py_FinalizeEx();
}
