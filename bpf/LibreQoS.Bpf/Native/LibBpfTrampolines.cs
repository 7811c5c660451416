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

    /// <summary>
    /// The ring buffer callback: <paramref name="context"/> is a GCHandle of the <see cref="Maps.RingBufferReader"/>
    /// being drained, which copies the record out (the data is only valid during the call).
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    internal static int RingRecord(nint context, nint data, nuint size)
    {
        try
        {
            var reader = (Maps.RingBufferReader)GCHandle.FromIntPtr(context).Target!;
            reader.Accept(new ReadOnlySpan<byte>((void*)data, (int)size));
            return 0;
        }
        catch (Exception)
        {
            // A record that cannot be taken is lost; an exception must not unwind into libbpf.
            return 0;
        }
    }
}
