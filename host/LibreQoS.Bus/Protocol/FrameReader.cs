using System.Buffers.Binary;

namespace LibreQoS.Bus.Protocol;

/// <summary>
/// Reads frames from one connection with two deadlines: <c>idleTimeout</c> for the next frame to start, then
/// <c>frameTimeout</c> for it to arrive completely. One timer per connection, moved rather than re-created, so the
/// per-frame cost stays small.
/// </summary>
public sealed class FrameReader(Stream stream, int maxFrameBytes, TimeSpan idleTimeout, TimeSpan frameTimeout, CancellationToken stopping) : IDisposable
{
    private readonly byte[] _header = new byte[4];
    private readonly CancellationTokenSource _deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    /// <summary>The next frame's payload; null when the client closed the connection or stayed idle too long.</summary>
    /// <exception cref="BusProtocolException">Bad length, a frame cut short, or a frame that stalled past its timeout.</exception>
    public async ValueTask<byte[]?> ReadAsync()
    {
        _deadline.CancelAfter(idleTimeout);
        int got;
        try
        {
            got = await stream.ReadAtLeastAsync(_header, 4, throwOnEndOfStream: false, _deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return null;
        }
        if (got == 0)
            return null;
        if (got < 4)
            throw new BusProtocolException("the connection closed in the middle of a frame header");
        uint length = BinaryPrimitives.ReadUInt32BigEndian(_header);
        if (length == 0 || length > maxFrameBytes)
            throw new BusProtocolException($"frame length {length} is outside 1..{maxFrameBytes} bytes");

        var payload = new byte[length];
        _deadline.CancelAfter(frameTimeout);
        try
        {
            if (await stream.ReadAtLeastAsync(payload, payload.Length, throwOnEndOfStream: false, _deadline.Token).ConfigureAwait(false) < payload.Length)
                throw new BusProtocolException("the connection closed in the middle of a frame");
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new BusProtocolException($"the frame did not arrive within {frameTimeout.TotalSeconds:F0} s");
        }
        return payload;
    }

    public void Dispose() => _deadline.Dispose();
}
