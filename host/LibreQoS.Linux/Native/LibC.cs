using System.Runtime.InteropServices;

namespace LibreQoS.Linux.Native;

/// <summary>The few libc calls .NET does not expose. C names kept so they match the man pages.</summary>
internal static partial class LibC
{
    /// <summary>
    /// see: chown(2). Changes owner and group of a file; -1 leaves either unchanged.
    /// Returns 0, or -1 with errno set.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int chown(string path, int owner, int group);

    /// <summary>see: umask(2). Sets the file-mode creation mask and returns the previous one; cannot fail.</summary>
    [LibraryImport("libc", EntryPoint = "umask")]
    internal static partial uint umask(uint mask);

    /// <summary>see: geteuid(2). The effective user id; cannot fail.</summary>
    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint geteuid();

    internal const int CLOCK_BOOTTIME = 7;

    /// <summary>see: struct timespec in time.h (64-bit Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long tv_sec;
        public long tv_nsec;
    }

    /// <summary>see: clock_gettime(2). Reads clock <paramref name="clockid"/>; 0, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    internal static partial int clock_gettime(int clockid, out Timespec tp);
}
