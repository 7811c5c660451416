using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LibreQoS.WebUi.Dashboard;

/// <summary>The dashboard's snapshot, once or as a server-sent event stream.</summary>
public static class DashboardEndpoints
{
    public const int TopCircuitCount = 10;

    /// <summary>The live figures are never more than this old in the browser (the issue asks for one second).</summary>
    public static readonly TimeSpan StreamInterval = TimeSpan.FromSeconds(1);

    public static RouteGroupBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dashboard");
        group.MapGet("/", Get);
        group.MapGet("/stream", Stream);
        return group;
    }

    internal static Ok<DashboardSnapshot> Get(IDashboardQueries queries) => TypedResults.Ok(queries.Snapshot(TopCircuitCount));

    internal static ServerSentEventsResult<DashboardSnapshot> Stream(IDashboardQueries queries, TimeProvider clock, CancellationToken ct) =>
        TypedResults.ServerSentEvents(Snapshots(queries, clock, ct), eventType: "snapshot");

    internal static async IAsyncEnumerable<DashboardSnapshot> Snapshots(IDashboardQueries queries, TimeProvider clock,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var timer = new PeriodicTimer(StreamInterval, clock);
        do
        {
            yield return queries.Snapshot(TopCircuitCount);
        }
        while (await WaitAsync(timer, ct).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
