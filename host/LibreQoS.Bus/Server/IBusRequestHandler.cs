using LibreQoS.Bus.Protocol;

namespace LibreQoS.Bus.Server;

/// <summary>What the server calls for each request. Implemented by lqosd; the server knows only the protocol.</summary>
public interface IBusRequestHandler
{
    /// <param name="stream">Sends progress lines to the requesting client before the final reply.</param>
    ValueTask<BusResponse> HandleAsync(BusRequest request, Func<StreamLine, ValueTask> stream, CancellationToken cancellationToken);
}
