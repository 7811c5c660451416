using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Native;

internal static unsafe partial class LibBpf
{
    /// <summary>
    /// see: libbpf.h ring_buffer__new. A consumer of the BPF_MAP_TYPE_RINGBUF map <paramref name="map_fd"/>
    /// (mmapped; the fd may be closed afterwards). <paramref name="sample_cb"/> is
    /// <c>int fn(void *ctx, void *data, size_t size)</c>, called synchronously by ring_buffer__consume/poll for
    /// each record; a negative return stops that call. OWNING pointer (free with ring_buffer__free); NULL with
    /// errno set on failure. <paramref name="opts"/> may be NULL.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint ring_buffer__new(int map_fd, delegate* unmanaged[Cdecl]<nint, nint, nuint, int> sample_cb, nint ctx, nint opts);

    /// <summary>
    /// see: libbpf.h ring_buffer__consume. Hands every record already in the buffer to the callback without
    /// waiting; the number of records consumed, or -errno.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int ring_buffer__consume(nint rb);

    /// <summary>see: libbpf.h ring_buffer__free. Unmaps and frees the consumer. Accepts NULL.</summary>
    [LibraryImport(Lib)]
    internal static partial void ring_buffer__free(nint rb);
}
