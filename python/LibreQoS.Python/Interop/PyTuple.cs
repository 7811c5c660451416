using LibreQoS.Python.Native;

namespace LibreQoS.Python.Interop;

/// <summary>Building tuples from owned references. GIL held.</summary>
internal static class PyTuple
{
    /// <summary>A new tuple that takes over <paramref name="items"/> (each is stolen, even on failure).</summary>
    internal static PyObjectHandle Of(params ReadOnlySpan<PyObjectHandle> items)
    {
        nint tuple = CPython.PyTuple_New(items.Length);
        if (tuple == 0)
        {
            foreach (var item in items)
                item.Dispose();
            throw PythonErrors.FetchPending();
        }
        var result = PyObjectHandle.FromNew(tuple);
        for (int i = 0; i < items.Length; i++)
        {
            if (CPython.PyTuple_SetItem(tuple, i, items[i].Steal()) != 0)
                throw PythonErrors.FetchPending();
        }
        return result;
    }
}
