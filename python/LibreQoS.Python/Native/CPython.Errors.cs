using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

internal static partial class CPython
{
    /// <summary>see: https://docs.python.org/3/c-api/exceptions.html#c.PyErr_Occurred. BORROWED reference to the pending exception's type, or 0.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyErr_Occurred();

    /// <summary>
    /// see: https://docs.python.org/3/c-api/exceptions.html#c.PyErr_Fetch. Moves the pending error out (each out value a
    /// NEW reference or 0) and clears it. Deprecated in 3.12 in favour of PyErr_GetRaisedException, still present.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial void PyErr_Fetch(out nint type, out nint value, out nint traceback);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/exceptions.html#c.PyErr_NormalizeException. Replaces the three references
    /// in place (old ones released) so <paramref name="value"/> is an instance of <paramref name="type"/>.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial void PyErr_NormalizeException(ref nint type, ref nint value, ref nint traceback);

    /// <summary>see: https://docs.python.org/3/c-api/exceptions.html#c.PyException_SetTraceback. <paramref name="tb"/> BORROWED. 0, or -1 with an error set.</summary>
    [LibraryImport(Lib)]
    internal static partial int PyException_SetTraceback(nint ex, nint tb);

    /// <summary>see: https://docs.python.org/3/c-api/exceptions.html#c.PyErr_SetString. Sets the pending error; <paramref name="type"/> BORROWED.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void PyErr_SetString(nint type, string message);

    /// <summary>see: https://docs.python.org/3/c-api/exceptions.html#c.PyErr_Clear. Discards the pending error, if any.</summary>
    [LibraryImport(Lib)]
    internal static partial void PyErr_Clear();

    /// <summary>see: https://docs.python.org/3/c-api/exceptions.html#c.PyErr_GivenExceptionMatches. Both BORROWED; an instance or a class may be given. 1 or 0.</summary>
    [LibraryImport(Lib)]
    internal static partial int PyErr_GivenExceptionMatches(nint given, nint exc);
}
