namespace LibreQoS.Python.Native;

/// <summary>
/// Raw CPython C API, split by header area (<c>CPython.*.cs</c>). Names are the C names; every <c>PyObject *</c> is
/// an <see cref="nint"/> and each import says whether a returned object is a NEW or BORROWED reference and whether
/// an argument is STOLEN. Only Stable ABI functions are used (no macros, no struct offsets), so one binding serves
/// CPython 3.11 and later. Every call needs the GIL unless its comment says otherwise.
/// </summary>
internal static partial class CPython
{
    /// <summary>Logical library name; <see cref="PythonLibrary"/> maps it to the libpython chosen at run time.</summary>
    internal const string Lib = "libpython";
}
