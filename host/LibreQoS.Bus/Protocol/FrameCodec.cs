using System.Buffers.Binary;
using System.Text.Json;

namespace LibreQoS.Bus.Protocol;

/// <summary>Reading and writing length-prefixed JSON frames (4-byte big-endian length, then UTF-8 JSON).</summary>
public static class FrameCodec
{
    public const int DefaultMaxFrameBytes = 32 * 1024 * 1024;

    public static byte[] Encode(RequestFrame frame) => Framed(json => JsonSerializer.Serialize(json, frame, BusJson.Default.RequestFrame));

    public static byte[] Encode(ResponseFrame frame) => Framed(json => JsonSerializer.Serialize(json, frame, BusJson.Default.ResponseFrame));

    /// <summary>Reads one frame's payload; null at a clean end of stream (no partial frame).</summary>
    /// <exception cref="BusProtocolException">The length exceeds <paramref name="maxFrameBytes"/>, or the stream ended mid-frame.</exception>
    public static async ValueTask<byte[]?> ReadPayloadAsync(Stream stream, int maxFrameBytes, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        int got = await ReadAtLeastAsync(stream, header, cancellationToken);
        if (got == 0)
            return null;
        if (got < 4)
            throw new BusProtocolException("the connection closed in the middle of a frame header");
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length == 0 || length > maxFrameBytes)
            throw new BusProtocolException($"frame length {length} is outside 1..{maxFrameBytes} bytes");
        var payload = new byte[length];
        if (await ReadAtLeastAsync(stream, payload, cancellationToken) < payload.Length)
            throw new BusProtocolException("the connection closed in the middle of a frame");
        return payload;
    }

    /// <summary>The frame's id and its requests, each decoded on its own: a request that cannot be decoded is a <see cref="Fail"/> in its place.</summary>
    /// <exception cref="BusProtocolException">The frame itself is not a request frame.</exception>
    public static (long Id, IReadOnlyList<BusRequest?> Requests, IReadOnlyList<string?> Errors) DecodeRequest(byte[] payload)
    {
        RawRequestFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize(payload, BusJson.Default.RawRequestFrame);
        }
        catch (JsonException ex)
        {
            throw new BusProtocolException($"malformed request frame: {ex.Message}");
        }
        if (frame?.Requests is null)
            throw new BusProtocolException("the frame has no \"requests\" array");

        var requests = new BusRequest?[frame.Requests.Count];
        var errors = new string?[frame.Requests.Count];
        for (int i = 0; i < requests.Length; i++)
        {
            try
            {
                requests[i] = frame.Requests[i].Deserialize(BusJson.Default.BusRequest) ?? throw new JsonException("the request is null");
            }
            catch (JsonException ex)
            {
                errors[i] = $"request {i} is not understood: {ex.Message}";
            }
        }
        return (frame.Id, requests, errors);
    }

    public static ResponseFrame DecodeResponse(byte[] payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, BusJson.Default.ResponseFrame) ?? throw new BusProtocolException("the frame is JSON null");
        }
        catch (JsonException ex)
        {
            throw new BusProtocolException($"malformed response frame: {ex.Message}");
        }
    }

    /// <summary>Writes the JSON after a reserved 4-byte slot, then fills in the length: one buffer, no copy.</summary>
    private static byte[] Framed(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        buffer.Advance(4);
        using (var json = new Utf8JsonWriter(buffer))
            write(json);
        var frame = buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(frame.Length - 4));
        return frame;
    }

    private static async ValueTask<int> ReadAtLeastAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken) =>
        await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
}

/// <summary>A frame that breaks the protocol: the connection cannot be trusted to stay in sync.</summary>
public sealed class BusProtocolException(string message) : Exception(message);
