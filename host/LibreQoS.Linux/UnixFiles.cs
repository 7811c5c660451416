using System.Runtime.InteropServices;
using LibreQoS.Linux.Native;

namespace LibreQoS.Linux;

/// <summary>Ownership and creation-mode helpers for files that must never be world-accessible.</summary>
public static class UnixFiles
{
    public static bool IsRoot => LibC.geteuid() == 0;

    /// <summary>Gives a file to group <paramref name="gid"/> (owner unchanged).</summary>
    /// <exception cref="IOException">chown failed; the message carries errno and what to check.</exception>
    public static void SetGroup(string path, int gid)
    {
        if (LibC.chown(path, -1, gid) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"chown {path} to gid {gid} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
    }

    /// <summary>Creates a runtime directory as <c>0750</c> (owner and group only) if it does not exist yet.</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (!Directory.Exists(path))
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    /// <summary>
    /// Runs <paramref name="create"/> with a umask that lets new files be at most <c>0770</c>, so that a file
    /// (a bound socket) never exists with world access, even before its mode is set.
    /// </summary>
    public static void CreateWithoutWorldAccess(Action create)
    {
        uint previous = LibC.umask(0b000_000_111); // process-wide: keep the window to the one call
        try
        {
            create();
        }
        finally
        {
            _ = LibC.umask(previous);
        }
    }
}
