using System.ComponentModel;
using System.Runtime.InteropServices;
using LibreQoS.Linux.Native;

namespace LibreQoS.Linux;

/// <summary>CLOCK_BOOTTIME, the clock of the kernel programs' timestamps (bpf_ktime_get_boot_ns).</summary>
public static class BootClock
{
    public static ulong NowNanoseconds
    {
        get
        {
            if (LibC.clock_gettime(LibC.CLOCK_BOOTTIME, out var now) != 0)
                throw new Win32Exception(Marshal.GetLastPInvokeError(), "clock_gettime(CLOCK_BOOTTIME)");
            return (ulong)now.tv_sec * 1_000_000_000UL + (ulong)now.tv_nsec;
        }
    }
}
