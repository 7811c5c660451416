using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Native;

internal static unsafe partial class LibBpf
{
    internal const int LIBBPF_WARN = 0;
    internal const int LIBBPF_INFO = 1;
    internal const int LIBBPF_DEBUG = 2;

    /// <summary>
    /// see: libbpf.h libbpf_set_print. Installs the process-wide callback
    /// <c>int fn(enum libbpf_print_level level, const char *format, va_list args)</c>, called synchronously on the
    /// thread making the libbpf call; returns the previous one. NULL silences libbpf.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial nint libbpf_set_print(delegate* unmanaged[Cdecl]<int, nint, nint, int> fn);
}
