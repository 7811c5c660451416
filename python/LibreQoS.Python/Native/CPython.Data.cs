namespace LibreQoS.Python.Native;

internal static partial class CPython
{
    // Exported data symbols, read once after the library is loaded. All are immortal for the interpreter's life,
    // so these are BORROWED pointers that never need a reference of their own.

    /// <summary><c>Py_None</c> (<c>&amp;_Py_NoneStruct</c>).</summary>
    internal static nint Py_None { get; private set; }

    /// <summary><c>Py_True</c> (<c>&amp;_Py_TrueStruct</c>).</summary>
    internal static nint Py_True { get; private set; }

    /// <summary><c>Py_False</c> (<c>&amp;_Py_FalseStruct</c>).</summary>
    internal static nint Py_False { get; private set; }

    /// <summary><c>&amp;PyFloat_Type</c>.</summary>
    internal static nint PyFloat_Type { get; private set; }

    /// <summary>The <c>PyExc_SystemExit</c> class.</summary>
    internal static nint PyExc_SystemExit { get; private set; }

    /// <summary>The <c>PyExc_TypeError</c> class.</summary>
    internal static nint PyExc_TypeError { get; private set; }

    /// <summary>The <c>PyExc_ValueError</c> class.</summary>
    internal static nint PyExc_ValueError { get; private set; }

    /// <summary>The <c>PyExc_RuntimeError</c> class.</summary>
    internal static nint PyExc_RuntimeError { get; private set; }

    /// <summary>Reads the data symbols; call once after <see cref="PythonLibrary.Load"/>. Needs no GIL.</summary>
    internal static void BindDataSymbols()
    {
        Py_None = PythonLibrary.Export("_Py_NoneStruct");
        Py_True = PythonLibrary.Export("_Py_TrueStruct");
        Py_False = PythonLibrary.Export("_Py_FalseStruct");
        PyFloat_Type = PythonLibrary.Export("PyFloat_Type");
        PyExc_SystemExit = PythonLibrary.ExportedPointer("PyExc_SystemExit");
        PyExc_TypeError = PythonLibrary.ExportedPointer("PyExc_TypeError");
        PyExc_ValueError = PythonLibrary.ExportedPointer("PyExc_ValueError");
        PyExc_RuntimeError = PythonLibrary.ExportedPointer("PyExc_RuntimeError");
    }
}
