using System.Collections.Concurrent;
using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.Scheduling.Bus;

namespace LibreQoS.Scheduling.Tests;

/// <summary>An lqosd that records every request; it can be unreachable for the first attempts, and refreshes answer as told.</summary>
public sealed class FakeLqosdBus : ILqosdBus
{
    private readonly ConcurrentQueue<BusRequest> _requests = new();
    private int _unavailableFor;

    /// <param name="unavailableFor">How many requests fail as if lqosd were not running yet.</param>
    public FakeLqosdBus(int unavailableFor = 0) => _unavailableFor = unavailableFor;

    public Func<Refresh, BusResponse> OnRefresh { get; set; } = _ => new RefreshReply(true, "applied");

    public IReadOnlyList<BusRequest> Requests => [.. _requests];

    public IReadOnlyList<T> Sent<T>() where T : BusRequest => [.. _requests.OfType<T>()];

    public Task<BusResponse> SendAsync(BusRequest request, Func<StreamLine, ValueTask>? onStream, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _unavailableFor) >= 0)
            throw new BusUnavailableException("/run/lqos/bus not found. Is lqosd running? (systemctl status lqosd)");
        _requests.Enqueue(request);
        return Task.FromResult(request is Refresh refresh ? OnRefresh(refresh) : Ack.Instance);
    }
}
