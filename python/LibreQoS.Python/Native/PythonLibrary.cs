using System.Reflection;
using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

/// <summary>
/// Loads libpython once per process and binds the logical name <see cref="CPython.Lib"/> to it.
/// </summary>
/// <remarks>
/// The library is opened with <c>RTLD_GLOBAL</c>: C extension modules (<c>_ssl</c>, <c>_sqlite3</c>, …) are built
/// without linking libpython and find the <c>Py*</c> symbols in the global namespace. <see cref="NativeLibrary.Load(string)"/>
/// opens libraries <c>RTLD_LOCAL</c>, so the binding calls <c>dlopen</c> itself.
/// </remarks>
internal static class PythonLibrary
{
    private static readonly Lock Gate = new();
    private static nint _handle;
    private static string? _path;

    static PythonLibrary()
    {
        // Registered exactly once, here: the resolver answers only for our logical name.
        NativeLibrary.SetDllImportResolver(typeof(PythonLibrary).Assembly, Resolve);
    }

    internal static nint Handle => _handle != 0 ? _handle : throw new InvalidOperationException("libpython is not loaded");

    /// <summary>Opens <paramref name="path"/> globally. A second call must name the same library.</summary>
    /// <exception cref="PythonInstallationException">The library cannot be opened.</exception>
    internal static void Load(string path)
    {
        lock (Gate)
        {
            if (_path is not null)
            {
                if (_path != path)
                    throw new InvalidOperationException($"libpython is already loaded from {_path}; one process can load only one");
                return;
            }
            nint handle = LibC.dlopen(path, LibC.RTLD_NOW | LibC.RTLD_GLOBAL);
            if (handle == 0)
                throw new PythonInstallationException($"Cannot load the Python library {path}: {Marshal.PtrToStringUTF8(LibC.dlerror())}.");
            _handle = handle;
            _path = path;
        }
    }

    /// <summary>The address of an exported data symbol such as <c>_Py_NoneStruct</c>.</summary>
    internal static nint Export(string name) => NativeLibrary.GetExport(Handle, name);

    /// <summary>The value of an exported <c>PyObject *</c> variable such as <c>PyExc_TypeError</c>.</summary>
    internal static nint ExportedPointer(string name) => Marshal.ReadIntPtr(Export(name));

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == CPython.Lib ? _handle : 0;
}
