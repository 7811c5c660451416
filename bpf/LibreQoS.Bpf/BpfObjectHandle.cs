using System.Runtime.InteropServices;
using LibreQoS.Bpf.Native;

namespace LibreQoS.Bpf;

/// <summary>Owns a <c>struct bpf_object*</c>; releasing it closes the object's map and program fds.</summary>
internal sealed class BpfObjectHandle : SafeHandle
{
    public BpfObjectHandle() : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        LibBpf.bpf_object__close(handle);
        return true;
    }
}
