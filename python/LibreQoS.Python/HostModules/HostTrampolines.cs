using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LibreQoS.Python.Conversion;
using LibreQoS.Python.Interop;
using LibreQoS.Python.Native;

namespace LibreQoS.Python.HostModules;

/// <summary>Entry points CPython calls. Each converts every .NET exception into a Python one and returns NULL.</summary>
internal static class HostTrampolines
{
    /// <summary>
    /// The <c>METH_VARARGS</c> function behind every host function: <paramref name="self"/> is a Python int holding
    /// the <see cref="GCHandle"/> of a <see cref="HostFunctionEntry"/>, <paramref name="args"/> the argument tuple
    /// (both BORROWED). Returns a NEW reference, or 0 with an error set.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    internal static nint Invoke(nint self, nint args)
    {
        using var held = Gil.AssumeHeld();
        try
        {
            var entry = (HostFunctionEntry)GCHandle.FromIntPtr(CPython.PyLong_AsVoidPtr(self)).Target!;
            nint count = CPython.PyTuple_Size(args);
            var arguments = new object?[count];
            for (nint i = 0; i < count; i++)
                arguments[i] = PyConverter.ToClr(new PyBorrowed(CPython.PyTuple_GetItem(args, i)));

            object? result;
            if (entry.ReleaseGil)
            {
                using var released = Gil.ReleaseTemporarily();
                result = entry.Function(arguments);
            }
            else
            {
                result = entry.Function(arguments);
            }
            return PyConverter.ToPython(result).Steal();
        }
        catch (Exception ex)
        {
            SetPythonError(ex);
            return 0;
        }
    }

    private static void SetPythonError(Exception ex)
    {
        var (type, message) = ex switch
        {
            PythonException p => (CPython.PyExc_RuntimeError, p.Message),
            NotSupportedException => (CPython.PyExc_TypeError, ex.Message),
            ArgumentException => (CPython.PyExc_ValueError, ex.Message),
            _ => (CPython.PyExc_RuntimeError, $"{ex.GetType().Name}: {ex.Message}"),
        };
        CPython.PyErr_SetString(type, message);
    }
}
