using LibreQoS.Python.Conversion;
using Python.Runtime;

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
    /// Called from Python, without the GIL, with the argument tuple and an empty list that receives the result.
    /// The result is appended rather than returned because pythonnet would release a returned wrapper only when
    /// .NET's GC finalises it; this way every reference is released here, in order.
    /// </summary>
    public void Invoke(PyObject arguments, PyObject result)
    {
        List<object?> values;
        using (Py.GIL())
        using (arguments)
            values = (List<object?>)PyConverter.ToClr(arguments)!;
        object? value;
        try
        {
            value = _function(values);
        }
        catch (Exception ex)
        {
            using (Py.GIL())
                result.Dispose();
            throw AsPythonError(ex);
        }
        using (Py.GIL())
        using (result)
        using (var converted = PyConverter.ToPython(value))
        using (var list = new PyList(result))
            list.Append(converted);
    }

    public override string ToString() => $"<host function {_qualifiedName}>";

    /// <summary>A pythonnet exception carrying a Python exception, which pythonnet raises in the caller as is.</summary>
    private static global::Python.Runtime.PythonException AsPythonError(Exception ex)
    {
        var (typeName, message) = ex switch
        {
            PythonException p => ("RuntimeError", p.Message),
            NotSupportedException => ("TypeError", ex.Message),
            ArgumentException => ("ValueError", ex.Message),
            _ => ("RuntimeError", $"{ex.GetType().Name}: {ex.Message}"),
        };
        using var gil = Py.GIL();
        using var builtins = Py.Import("builtins");
        using var typeObject = builtins.GetAttr(typeName);
        var type = new PyType(typeObject);
        using var text = new PyString(message);
        var value = type.Invoke(text);
        return new global::Python.Runtime.PythonException(type, value, traceback: null);
    }
}
