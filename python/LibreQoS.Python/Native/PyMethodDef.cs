using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

/// <summary>
/// Mirror of <c>struct PyMethodDef</c> (Include/methodobject.h), whose layout is part of the Stable ABI.
/// Instances live in native memory for as long as the functions made from them.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PyMethodDef
{
    public byte* ml_name;
    public delegate* unmanaged[Cdecl]<nint, nint, nint> ml_meth;
    public int ml_flags;
    public byte* ml_doc;
}
