using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

internal static partial class CPython
{
    /// <summary>Calling convention flag of <see cref="PyMethodDef"/>: the C function receives (self, args-tuple).</summary>
    internal const int METH_VARARGS = 0x0001;

    /// <summary>see: https://docs.python.org/3/c-api/import.html#c.PyImport_ImportModule. NEW reference, or 0 with an error set.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint PyImport_ImportModule(string name);

    /// <summary>see: https://docs.python.org/3/c-api/module.html#c.PyModule_New. NEW reference with <c>__name__</c> set, or 0 with an error set.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint PyModule_New(string name);

    /// <summary>see: https://docs.python.org/3/c-api/module.html#c.PyModule_GetDict. BORROWED reference to the module's namespace; cannot fail for a module.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyModule_GetDict(nint module);

    /// <summary>see: https://docs.python.org/3/c-api/module.html#c.PyModule_AddObjectRef. <paramref name="value"/> BORROWED (not stolen, unlike PyModule_AddObject). 0, or -1 with an error set.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int PyModule_AddObjectRef(nint module, string name, nint value);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/structures.html#c.PyCFunction_NewEx. <paramref name="ml"/> must outlive the
    /// function object; <paramref name="self"/> and <paramref name="module"/> BORROWED (the function keeps references).
    /// NEW reference, or 0 with an error set.
    /// </summary>
    [LibraryImport(Lib)]
    internal static unsafe partial nint PyCFunction_NewEx(PyMethodDef* ml, nint self, nint module);

    /// <summary>see: https://docs.python.org/3/c-api/sys.html#c.PySys_GetObject. BORROWED reference, or 0 without an error set.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint PySys_GetObject(string name);

    /// <summary>see: https://docs.python.org/3/c-api/reflection.html#c.PyEval_GetBuiltins. BORROWED reference to the builtins dict.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyEval_GetBuiltins();

    /// <summary>
    /// see: https://docs.python.org/3/c-api/veryhigh.html#c.PyEval_EvalCode. Runs a code object in
    /// <paramref name="globals"/>/<paramref name="locals"/> (BORROWED). NEW reference to the result, or 0 with an error set.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial nint PyEval_EvalCode(nint co, nint globals, nint locals);
}
