using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

internal static partial class CPython
{
    /// <summary>see: https://docs.python.org/3/c-api/list.html#c.PyList_New. NEW reference with <paramref name="len"/> NULL slots to fill, or 0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyList_New(nint len);

    /// <summary>see: https://docs.python.org/3/c-api/list.html#c.PyList_Size. The length, or -1 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyList_Size(nint list);

    /// <summary>see: https://docs.python.org/3/c-api/list.html#c.PyList_GetItem. BORROWED reference, or 0 with IndexError set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyList_GetItem(nint list, nint index);

    /// <summary>see: https://docs.python.org/3/c-api/list.html#c.PyList_SetItem. STEALS <paramref name="item"/>, even on failure. 0, or -1 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial int PyList_SetItem(nint list, nint index, nint item);

    /// <summary>see: https://docs.python.org/3/c-api/tuple.html#c.PyTuple_New. NEW reference with NULL slots to fill, or 0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyTuple_New(nint len);

    /// <summary>see: https://docs.python.org/3/c-api/tuple.html#c.PyTuple_Size. The length, or -1 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyTuple_Size(nint tuple);

    /// <summary>see: https://docs.python.org/3/c-api/tuple.html#c.PyTuple_GetItem. BORROWED reference, or 0 with IndexError set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyTuple_GetItem(nint tuple, nint index);

    /// <summary>see: https://docs.python.org/3/c-api/tuple.html#c.PyTuple_SetItem. STEALS <paramref name="item"/>, even on failure. 0, or -1 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial int PyTuple_SetItem(nint tuple, nint index, nint item);

    /// <summary>see: https://docs.python.org/3/c-api/dict.html#c.PyDict_New. NEW reference, or 0 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyDict_New();

    /// <summary>see: https://docs.python.org/3/c-api/dict.html#c.PyDict_SetItem. Key and value BORROWED (the dict takes its own references). 0, or -1 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial int PyDict_SetItem(nint dict, nint key, nint val);

    /// <summary>see: https://docs.python.org/3/c-api/dict.html#c.PyDict_SetItemString. Value BORROWED. 0, or -1 with an error set.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int PyDict_SetItemString(nint dict, string key, nint val);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/dict.html#c.PyDict_Next. Iterates from <paramref name="pos"/> = 0; key and
    /// value are BORROWED. Returns 0 at the end. The dict must not change during the iteration.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int PyDict_Next(nint dict, ref nint pos, out nint key, out nint value);
}
