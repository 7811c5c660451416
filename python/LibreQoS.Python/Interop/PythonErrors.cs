using LibreQoS.Python.Conversion;
using LibreQoS.Python.Native;

namespace LibreQoS.Python.Interop;

/// <summary>
/// Turns the pending Python error into a <see cref="PythonException"/> on the interpreter's side of the boundary,
/// so only strings leave it. Never uses <c>PyErr_Print</c>: with a pending <c>SystemExit</c> it would exit the process.
/// </summary>
internal static class PythonErrors
{
    private static PyObjectHandle? s_describe;

    /// <summary>The bootstrap's <c>describe(exc) -> (type, message, traceback)</c>; until set, tracebacks are empty.</summary>
    internal static void UseDescriber(PyObjectHandle? describe) => s_describe = describe;

    /// <summary>Takes the pending error and describes it. GIL held. Use as <c>throw PythonErrors.FetchPending();</c>.</summary>
    internal static PythonException FetchPending()
    {
        using var exception = TakePending();
        return exception is null
            ? new PythonException("SystemError", "a Python C API call failed without setting an error", "")
            : Describe(exception.Borrow());
    }

    /// <summary>Takes the pending error as a normalised exception instance with its traceback attached, or null if none.</summary>
    internal static PyObjectHandle? TakePending()
    {
        CPython.PyErr_Fetch(out nint type, out nint value, out nint traceback);
        if (type == 0)
            return null;
        CPython.PyErr_NormalizeException(ref type, ref value, ref traceback);
        if (traceback != 0 && value != 0)
            _ = CPython.PyException_SetTraceback(value, traceback);
        CPython.Py_DecRef(type);
        CPython.Py_DecRef(traceback);
        return value != 0 ? PyObjectHandle.FromNew(value) : null;
    }

    /// <summary>Describes an exception instance. GIL held; leaves no error pending.</summary>
    internal static PythonException Describe(PyBorrowed exception)
    {
        var (type, message, traceback) = DescribeParts(exception);
        return new PythonException(type, message, traceback);
    }

    /// <summary>The type name, message and formatted traceback of an exception instance. GIL held; leaves no error pending.</summary>
    internal static (string Type, string Message, string Traceback) DescribeParts(PyBorrowed exception)
    {
        if (s_describe is not null)
        {
            using var args = PyTuple.Of(PyObjectHandle.FromBorrowed(exception));
            nint result = CPython.PyObject_Call(s_describe.Address, args.Address, 0);
            if (result != 0)
            {
                using var parts = PyObjectHandle.FromNew(result);
                if (PyConverter.ToClr(parts.Borrow()) is List<object?> { Count: 3 } list)
                    return ((string)list[0]!, (string)list[1]!, (string)list[2]!);
            }
            CPython.PyErr_Clear();
        }
        return (TypeName(exception), StrOrPlaceholder(exception.Address), "");
    }

    private static string TypeName(PyBorrowed exception)
    {
        nint type = CPython.PyObject_Type(exception.Address);
        nint name = CPython.PyObject_GetAttrString(type, "__name__");
        CPython.Py_DecRef(type);
        if (name == 0)
        {
            CPython.PyErr_Clear();
            return "<unknown exception type>";
        }
        using var handle = PyObjectHandle.FromNew(name);
        return PyConverter.ToClr(handle.Borrow()) as string ?? "<unknown exception type>";
    }

    private static string StrOrPlaceholder(nint o)
    {
        nint str = CPython.PyObject_Str(o);
        if (str == 0)
        {
            CPython.PyErr_Clear();
            return "<str() failed>";
        }
        using var handle = PyObjectHandle.FromNew(str);
        return PyConverter.ToClr(handle.Borrow()) as string ?? "";
    }
}
