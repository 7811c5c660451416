using Microsoft.Win32.SafeHandles;

namespace LibreQoS.Bpf;

/// <summary>
/// Borrows the int fd of a <see cref="SafeFileHandle"/> for the duration of a native call, holding a reference
/// so that a concurrent Dispose cannot close (and the kernel reuse) the fd mid-call.
/// </summary>
internal readonly ref struct FdLease
{
    private readonly SafeFileHandle _handle;

    public FdLease(SafeFileHandle handle)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        _handle = handle;
        Fd = (int)handle.DangerousGetHandle();
    }

    public int Fd { get; }

    public void Dispose() => _handle.DangerousRelease();
}
