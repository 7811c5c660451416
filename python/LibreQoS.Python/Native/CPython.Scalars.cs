using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

internal static partial class CPython
{
    /// <summary>see: https://docs.python.org/3/c-api/long.html#c.PyLong_FromLongLong. NEW reference, or 0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyLong_FromLongLong(long v);

    /// <summary>see: https://docs.python.org/3/c-api/long.html#c.PyLong_FromUnsignedLongLong. NEW reference, or 0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyLong_FromUnsignedLongLong(ulong v);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/long.html#c.PyLong_FromString. Parses a NUL-terminated literal in
    /// <paramref name="base"/>; <paramref name="pend"/> may be 0. NEW reference, or 0 with ValueError set.
    /// </summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint PyLong_FromString(string str, nint pend, int @base);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/long.html#c.PyLong_AsLongLongAndOverflow. Sets <paramref name="overflow"/>
    /// to ±1 (and returns -1, no error set) when the value does not fit; returns -1 with an error set on other failures.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial long PyLong_AsLongLongAndOverflow(nint obj, out int overflow);

    /// <summary>see: https://docs.python.org/3/c-api/long.html#c.PyLong_FromVoidPtr. NEW reference, or 0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyLong_FromVoidPtr(nint p);

    /// <summary>see: https://docs.python.org/3/c-api/long.html#c.PyLong_AsVoidPtr. The pointer, or 0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyLong_AsVoidPtr(nint o);

    /// <summary>see: https://docs.python.org/3/c-api/float.html#c.PyFloat_FromDouble. NEW reference, or 0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyFloat_FromDouble(double v);

    /// <summary>see: https://docs.python.org/3/c-api/float.html#c.PyFloat_AsDouble. The value, or -1.0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial double PyFloat_AsDouble(nint o);

    /// <summary>see: https://docs.python.org/3/c-api/bool.html#c.PyBool_FromLong. NEW reference to True or False.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyBool_FromLong(long v);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/unicode.html#c.PyUnicode_FromStringAndSize. Decodes <paramref name="size"/>
    /// bytes of UTF-8 (NULs allowed). NEW reference, or 0 with an error set.
    /// </summary>
    [LibraryImport(Lib)]
    internal static unsafe partial nint PyUnicode_FromStringAndSize(byte* u, nint size);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/unicode.html#c.PyUnicode_AsUTF8AndSize. A UTF-8 buffer BORROWED from (and
    /// cached in) the str object, valid while it lives; 0 with an error set (e.g. lone surrogates).
    /// </summary>
    [LibraryImport(Lib)]
    internal static unsafe partial byte* PyUnicode_AsUTF8AndSize(nint unicode, out nint size);

    /// <summary>see: https://docs.python.org/3/c-api/bytes.html#c.PyBytes_FromStringAndSize. Copies the bytes. NEW reference, or 0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static unsafe partial nint PyBytes_FromStringAndSize(byte* v, nint len);
}
