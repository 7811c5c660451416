using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Scheduling.Bus;

/// <summary>What the scheduler needs of lqosd's bus: one request at a time (tests use an in-memory fake).</summary>
public interface ILqosdBus
{
    /// <param name="onStream">Receives the lines a long request (a refresh) streams before its reply.</param>
    /// <exception cref="BusUnavailableException">lqosd cannot be reached now; a later call may succeed.</exception>
    Task<BusResponse> SendAsync(BusRequest request, Func<StreamLine, ValueTask>? onStream, CancellationToken cancellationToken);
}
