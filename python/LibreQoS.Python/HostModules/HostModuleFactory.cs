using LibreQoS.Python.Conversion;
using Python.Runtime;
using PythonNetException = Python.Runtime.PythonException;

namespace LibreQoS.Python.HostModules;

/// <summary>
/// Builds Python modules whose functions call .NET delegates: the bootstrap's <c>register_module</c> wraps each
/// <see cref="HostFunctionCallable"/> (a .NET object pythonnet exposes to Python) in a plain Python function.
/// </summary>
internal static class HostModuleFactory
{
    /// <summary>Creates the module and puts it in <c>sys.modules</c>, so <c>import name</c> finds it. GIL held.</summary>
    internal static void Register(PyObject registerModule, string name, IEnumerable<KeyValuePair<string, HostFunction>> functions)
    {
        using var table = new PyDict();
        foreach (var (functionName, function) in functions)
        {
            using var callable = new HostFunctionCallable($"{name}.{functionName}", function).ToPython();
            table.SetItem(functionName, callable);
        }
        using var moduleName = new PyString(name);
        using var registered = registerModule.Invoke(moduleName, table);
    }
}

/// <summary>
/// One host function as Python sees it (through pythonnet, which binds <see cref="Invoke"/> by reflection, so it is
/// public). pythonnet calls .NET methods with the GIL released, so the delegate may block while other Python threads
/// run; the GIL is taken back only to convert the arguments and the result. A .NET exception becomes the Python
/// exception <see cref="HostFunction"/> documents.
/// </summary>
public sealed class HostFunctionCallable
{
    private readonly string _qualifiedName;
    private readonly HostFunction _function;

    internal HostFunctionCallable(string qualifiedName, HostFunction function)
    {
        _qualifiedName = qualifiedName;
        _function = function;
    }

    /// <summary>
    /// Called from Python, without the GIL, with the argument tuple and an empty list. Appends the result and returns
    /// true, or appends the Python exception to raise and returns false. Both travel through the list rather than as
    /// a return value or a thrown exception because pythonnet would release those wrappers only when .NET's GC
    /// finalises them; this way every reference is released here, in order.
    /// </summary>
    public bool Invoke(PyObject arguments, PyObject result)
    {
        try
        {
            List<object?> values;
            using (Py.GIL())
                values = (List<object?>)PyConverter.ToClr(arguments)!;
            object? value = _function(values);
            using (Py.GIL())
            {
                using var converted = PyConverter.ToPython(value);
                Append(result, converted);
            }
            return true;
        }
        catch (Exception ex)
        {
            using (Py.GIL())
            {
                using var error = AsPythonError(ex);
                Append(result, error);
            }
            return false;
        }
        finally
        {
            using (Py.GIL())
            {
                arguments.Dispose();
                result.Dispose();
            }
        }
    }

    private static void Append(PyObject list, PyObject item)
    {
        using var typed = new PyList(list);
        typed.Append(item);
    }

    public override string ToString() => $"<host function {_qualifiedName}>";

    /// <summary>The Python exception instance for a .NET exception. GIL held.</summary>
    private static PyObject AsPythonError(Exception ex)
    {
        if (ex is PythonNetException raised)
        {
            raised.Normalize();
            raised.Type.Dispose();
            raised.Traceback?.Dispose();
            return raised.Value!;
        }
        var (typeName, message) = ex switch
        {
            PythonException p => ("RuntimeError", p.Message),
            NotSupportedException => ("TypeError", ex.Message),
            ArgumentException => ("ValueError", ex.Message),
            _ => ("RuntimeError", $"{ex.GetType().Name}: {ex.Message}"),
        };
        using var builtins = Py.Import("builtins");
        using var type = builtins.GetAttr(typeName);
        using var text = new PyString(message);
        return type.Invoke(text);
    }
}
