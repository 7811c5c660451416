using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

/// <summary>The few libc calls the binding needs: loading libpython globally and signalling the interpreter thread.</summary>
internal static partial class LibC
{
    private const string Lib = "libc";

    internal const int RTLD_NOW = 0x0002;
    internal const int RTLD_GLOBAL = 0x0100;

    /// <summary>SIGUSR2 on Linux (x86_64, arm64). Used only to break the interpreter thread out of a blocking call.</summary>
    internal const int SIGUSR2 = 12;

    /// <summary>see: dlopen(3). Returns a library handle, or 0 with the reason in <see cref="dlerror"/>.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint dlopen(string fileName, int flags);

    /// <summary>see: dlerror(3). Returns the last dl* error as a C string (owned by libc), or 0 if none.</summary>
    [LibraryImport(Lib)]
    internal static partial nint dlerror();

    /// <summary>see: pthread_kill(3). Returns 0 or an error number (never sets errno).</summary>
    [LibraryImport(Lib)]
    internal static partial int pthread_kill(nuint thread, int signal);
}
