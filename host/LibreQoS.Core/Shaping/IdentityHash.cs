using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace LibreQoS.Core.Shaping;

/// <summary>
/// Upstream's <c>hash_to_i64</c>: Rust's <c>DefaultHasher::new()</c> (SipHash-1-3, both keys 0) over the text's
/// UTF-8 bytes with nothing appended. The XDP maps carry circuit and device ids in this form, so host counters can
/// be tied back to circuits, and tools written for upstream see the same numbers.
/// </summary>
public static class IdentityHash
{
    public static long Of(string text) => (long)Compute(Encoding.UTF8.GetBytes(text));

    /// <summary>The same hash as the kernel maps store it (upstream casts to u64).</summary>
    public static ulong ForKernel(string text) => Compute(Encoding.UTF8.GetBytes(text));

    private static ulong Compute(ReadOnlySpan<byte> data)
    {
        ulong v0 = 0x736f6d6570736575, v1 = 0x646f72616e646f6d, v2 = 0x6c7967656e657261, v3 = 0x7465646279746573;
        int whole = data.Length & ~7;
        for (int i = 0; i < whole; i += 8)
        {
            ulong m = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        ulong last = (ulong)data.Length << 56;
        for (int i = 0; i < data.Length - whole; i++)
            last |= (ulong)data[whole + i] << (8 * i);
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xff;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
