using System.Runtime.InteropServices;
using System.Text;
using LibreQoS.Python.Interop;
using LibreQoS.Python.Native;

namespace LibreQoS.Python.HostModules;

/// <summary>
/// Builds Python modules whose functions call .NET delegates, and owns what those functions point at: the native
/// <see cref="PyMethodDef"/> records and name strings, and the GC handles that keep the delegates alive. Both must
/// outlive the interpreter, so they are freed only after finalisation (<see cref="Dispose"/>).
/// </summary>
internal sealed unsafe class HostModuleFactory : IDisposable
{
    private readonly List<nint> _nativeBlocks = [];
    private readonly List<GCHandle> _entries = [];

    /// <summary>Creates the module and puts it in <c>sys.modules</c>, so <c>import name</c> finds it. GIL held.</summary>
    internal void Register(string name, IEnumerable<KeyValuePair<string, HostFunction>> functions, bool releaseGil)
    {
        using var module = PyObjectHandle.FromNew(CPython.PyModule_New(name));
        foreach (var (functionName, function) in functions)
        {
            using var callable = CreateFunction(module, functionName, new HostFunctionEntry(name + "." + functionName, function, releaseGil));
            if (CPython.PyModule_AddObjectRef(module.Address, functionName, callable.Address) != 0)
                throw PythonErrors.FetchPending();
        }
        nint modules = CPython.PySys_GetObject("modules");
        if (modules == 0 || CPython.PyDict_SetItemString(modules, name, module.Address) != 0)
            throw PythonErrors.FetchPending();
    }

    private PyObjectHandle CreateFunction(PyObjectHandle module, string name, HostFunctionEntry entry)
    {
        var definition = (PyMethodDef*)NativeMemory.AllocZeroed((nuint)sizeof(PyMethodDef));
        _nativeBlocks.Add((nint)definition);
        definition->ml_name = Utf8(name);
        definition->ml_meth = &HostTrampolines.Invoke;
        definition->ml_flags = CPython.METH_VARARGS;

        var handle = GCHandle.Alloc(entry);
        _entries.Add(handle);
        using var self = PyObjectHandle.FromNew(CPython.PyLong_FromVoidPtr(GCHandle.ToIntPtr(handle)));
        return PyObjectHandle.FromNew(CPython.PyCFunction_NewEx(definition, self.Address, module.Address));
    }

    private byte* Utf8(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        var buffer = (byte*)NativeMemory.Alloc((nuint)length + 1);
        _nativeBlocks.Add((nint)buffer);
        Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, length));
        buffer[length] = 0;
        return buffer;
    }

    /// <summary>Frees the records and handles. Only after <c>Py_FinalizeEx</c>: live functions point at them.</summary>
    public void Dispose()
    {
        foreach (nint block in _nativeBlocks)
            NativeMemory.Free((void*)block);
        _nativeBlocks.Clear();
        foreach (var handle in _entries)
            handle.Free();
        _entries.Clear();
    }
}

/// <summary>One host function as the trampoline finds it through the function's <c>self</c>.</summary>
internal sealed record HostFunctionEntry(string QualifiedName, HostFunction Function, bool ReleaseGil);
