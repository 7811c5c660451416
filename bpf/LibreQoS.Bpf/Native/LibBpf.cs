using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Native;

/// <summary>
/// Raw imports from the system libbpf (Debian 12: libbpf1 1.1.2), one partial file per area of its headers.
/// </summary>
/// <remarks>
/// Error model of libbpf ≥ 1.0 (docs/api.rst): functions returning an int return 0 (or a non-negative fd) on
/// success and a negative errno on failure; functions returning a pointer return NULL and set errno. Hence
/// <c>SetLastError = true</c> only on the pointer-returning imports. <c>libbpf_get_error</c> is deprecated and
/// not used. Nothing outside this assembly's façade types calls these.
/// </remarks>
internal static unsafe partial class LibBpf
{
    internal const string Lib = "libbpf.so.1";

    /// <summary>
    /// see: libbpf.h libbpf_num_possible_cpus. Number of possible CPUs (the per-CPU value count of per-CPU
    /// maps), or -errno if /sys/devices/system/cpu/possible cannot be read. Cached by libbpf after the first call.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int libbpf_num_possible_cpus();

    /// <summary>
    /// see: libbpf.h libbpf_strerror. Writes the text for <paramref name="err"/> (an errno or a libbpf code
    /// ≥ 4000, either sign) into <paramref name="buffer"/>, always NUL-terminated. 0 or -errno.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int libbpf_strerror(int err, byte* buffer, nuint size);
}
