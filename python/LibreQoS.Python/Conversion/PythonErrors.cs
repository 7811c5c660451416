using Python.Runtime;
using PythonNetException = Python.Runtime.PythonException;

namespace LibreQoS.Python.Conversion;

/// <summary>
/// Turns the exceptions pythonnet throws (which hold live Python objects) into <see cref="PythonException"/>s (which
/// hold only strings, so they can cross threads and outlive the interpreter). GIL held.
/// </summary>
internal static class PythonErrors
{
    private static PyObject? s_describe;

    /// <summary>The bootstrap's <c>describe(exc, tb) -> (type, message, traceback)</c>; until set, tracebacks are empty.</summary>
    internal static void UseDescriber(PyObject? describe) => s_describe = describe;

    /// <summary>Describes the exception and releases the Python objects it holds.</summary>
    internal static PythonException Describe(PythonNetException exception)
    {
        var (type, message, traceback) = DescribeParts(exception);
        Release(exception);
        return new PythonException(type, message, traceback);
    }

    /// <summary>Releases the exception's type, value and traceback now rather than through pythonnet's finaliser queue.</summary>
    internal static void Release(PythonNetException exception)
    {
        exception.Value?.Dispose();
        exception.Type.Dispose();
        exception.Traceback?.Dispose();
    }

    /// <summary>The type name, message and formatted traceback.</summary>
    internal static (string Type, string Message, string Traceback) DescribeParts(PythonNetException exception)
    {
        exception.Normalize();
        var value = exception.Value;
        var type = exception.Type;
        var traceback = exception.Traceback;
        if (s_describe is not null && value is not null)
        {
            try
            {
                using var none = PyObject.None;
                using var parts = s_describe.Invoke(value, traceback ?? none);
                if (PyConverter.ToClr(parts) is List<object?> { Count: 3 } list)
                    return ((string)list[0]!, (string)list[1]!, (string)list[2]!);
            }
            catch (PythonNetException)
            {
                // describe() itself failed (a __str__ that raises is handled inside it): fall back to what .NET can read.
            }
        }
        return (TypeName(type), value?.ToString() ?? "", "");
    }

    private static string TypeName(PyType type)
    {
        try
        {
            using var name = type.GetAttr("__name__");
            return name.As<string>();
        }
        catch (PythonNetException)
        {
            return "<unknown exception type>";
        }
    }
}
