using LibreQoS.Python.Native;

namespace LibreQoS.Python.Interop;

/// <summary>Attribute access and calls returning owned references. GIL held; failures throw <see cref="PythonException"/>.</summary>
internal static class PyCalls
{
    internal static PyObjectHandle GetAttr(PyObjectHandle target, string name) =>
        PyObjectHandle.FromNew(CPython.PyObject_GetAttrString(target.Address, name));

    internal static PyObjectHandle Import(string module) =>
        PyObjectHandle.FromNew(CPython.PyImport_ImportModule(module));

    /// <summary>Calls <paramref name="callable"/> with positional arguments, which are consumed.</summary>
    internal static PyObjectHandle Call(PyObjectHandle callable, params ReadOnlySpan<PyObjectHandle> args)
    {
        using var tuple = PyTuple.Of(args);
        return PyObjectHandle.FromNew(CPython.PyObject_Call(callable.Address, tuple.Address, 0));
    }

    /// <summary>Calls the attribute <paramref name="method"/> of <paramref name="target"/>; the arguments are consumed.</summary>
    internal static PyObjectHandle CallMethod(PyObjectHandle target, string method, params ReadOnlySpan<PyObjectHandle> args)
    {
        using var callable = GetAttr(target, method);
        return Call(callable, args);
    }
}
