using System.Runtime.InteropServices;
using LibreQoS.Bpf.Native;
using Microsoft.Win32.SafeHandles;

namespace LibreQoS.Bpf.Maps;

/// <summary>What the libbpf callback sees of a ring buffer reader: somewhere to hand each record.</summary>
internal abstract class RingBufferReader : IDisposable
{
    public abstract void Accept(ReadOnlySpan<byte> record);

    public abstract void Dispose();
}

/// <summary>
/// Drains a BPF ring buffer of fixed-size records of <typeparamref name="T"/>. Not thread-safe: one reader
/// drains at a time. Records of another size (a different build's programs) are skipped.
/// </summary>
internal sealed unsafe class RingBufferReader<T> : RingBufferReader where T : unmanaged
{
    private readonly GCHandle _self;
    private readonly string _name;
    private nint _ring;
    private List<T>? _sink;

    /// <summary>Maps the ring of <paramref name="fd"/>, which the caller keeps open for as long as this reader.</summary>
    public RingBufferReader(SafeFileHandle fd, string name)
    {
        _name = name;
        _self = GCHandle.Alloc(this);
        using var lease = new FdLease(fd);
        _ring = LibBpf.ring_buffer__new(lease.Fd, &LibBpfTrampolines.RingRecord, GCHandle.ToIntPtr(_self), 0);
        if (_ring == 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            _self.Free();
            BpfException.Throw($"Opening the ring buffer {name}", errno);
        }
    }

    /// <summary>Appends every record waiting in the ring to <paramref name="into"/>; returns how many.</summary>
    public int Drain(List<T> into)
    {
        ObjectDisposedException.ThrowIf(_ring == 0, this);
        _sink = into;
        try
        {
            return BpfException.ThrowIfFailed(LibBpf.ring_buffer__consume(_ring), $"Reading the ring buffer {_name}");
        }
        finally
        {
            _sink = null;
        }
    }

    public override void Accept(ReadOnlySpan<byte> record)
    {
        if (record.Length == sizeof(T))
            _sink?.Add(MemoryMarshal.Read<T>(record));
    }

    public override void Dispose()
    {
        if (_ring == 0)
            return;
        LibBpf.ring_buffer__free(_ring);
        _ring = 0;
        _self.Free();
    }
}
