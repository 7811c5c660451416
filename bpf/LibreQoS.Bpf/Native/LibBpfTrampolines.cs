using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace LibreQoS.Bpf.Native;

/// <summary>Functions libbpf calls back into. Each catches everything: no exception may unwind into C.</summary>
internal static unsafe class LibBpfTrampolines
{
    // A verifier log arrives as one message; 1 MiB holds the log of any program in this repository.
    private const int FormatBufferBytes = 1 << 20;

    [ThreadStatic] private static byte* _formatBuffer;

    /// <summary>libbpf's print callback: formats the message with the C library and hands it to <see cref="LibBpfLog"/>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    internal static int Print(int level, nint format, nint args)
    {
        try
        {
            if (_formatBuffer is null)
                _formatBuffer = (byte*)NativeMemory.Alloc(FormatBufferBytes);
            int length = LibC.vsnprintf(_formatBuffer, FormatBufferBytes, format, args);
            if (length > 0)
                LibBpfLog.Record(level, Encoding.UTF8.GetString(_formatBuffer, Math.Min(length, FormatBufferBytes - 1)));
            return length;
        }
        catch (Exception)
        {
            // Losing a diagnostic line is better than letting an exception unwind into libbpf.
            return 0;
        }
    }
}
