using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

internal static partial class CPython
{
    /// <summary>Type flags (<c>tp_flags</c>) marking subclasses of the built-in types; part of the Stable ABI.</summary>
    internal const ulong Py_TPFLAGS_LONG_SUBCLASS = 1UL << 24;
    internal const ulong Py_TPFLAGS_LIST_SUBCLASS = 1UL << 25;
    internal const ulong Py_TPFLAGS_TUPLE_SUBCLASS = 1UL << 26;
    internal const ulong Py_TPFLAGS_UNICODE_SUBCLASS = 1UL << 28;
    internal const ulong Py_TPFLAGS_DICT_SUBCLASS = 1UL << 29;

    /// <summary>see: https://docs.python.org/3/c-api/refcounting.html#c.Py_IncRef. The function form of Py_INCREF; 0 is allowed.</summary>
    [LibraryImport(Lib)]
    internal static partial void Py_IncRef(nint o);

    /// <summary>see: https://docs.python.org/3/c-api/refcounting.html#c.Py_DecRef. The function form of Py_DECREF; 0 is allowed.</summary>
    [LibraryImport(Lib)]
    internal static partial void Py_DecRef(nint o);

    /// <summary>see: https://docs.python.org/3/c-api/object.html#c.PyObject_GetAttrString. NEW reference, or 0 with an error set.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint PyObject_GetAttrString(nint o, string attrName);

    /// <summary>see: https://docs.python.org/3/c-api/object.html#c.PyObject_Str. NEW reference, or 0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyObject_Str(nint o);

    /// <summary>see: https://docs.python.org/3/c-api/object.html#c.PyObject_Type. NEW reference to the type; never fails for a valid object.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyObject_Type(nint o);

    /// <summary>see: https://docs.python.org/3/c-api/object.html#c.PyObject_IsInstance. 1, 0, or -1 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial int PyObject_IsInstance(nint inst, nint cls);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/call.html#c.PyObject_Call. <paramref name="args"/> is a tuple, <paramref name="kwargs"/>
    /// a dict or 0; both BORROWED. NEW reference to the result, or 0 with an error set.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial nint PyObject_Call(nint callable, nint args, nint kwargs);

    /// <summary>see: https://docs.python.org/3/c-api/type.html#c.PyType_GetFlags. The type's <c>tp_flags</c>; cannot fail.</summary>
    [LibraryImport(Lib)]
    internal static partial ulong PyType_GetFlags(nint type);
}
