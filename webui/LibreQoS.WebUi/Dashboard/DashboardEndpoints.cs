using System.Runtime.CompilerServices;
using System.Text;
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

    /// <summary>The shared frame's JSON as it is: no serialization per request.</summary>
    internal static ContentHttpResult Get(DashboardFeed feed) => TypedResults.Text(feed.Current().Json, "application/json", Encoding.UTF8);

    internal static ServerSentEventsResult<string> Stream(DashboardFeed feed, TimeProvider clock, CancellationToken ct) =>
        TypedResults.ServerSentEvents(Frames(feed, clock, ct), eventType: "snapshot");

    /// <summary>The current frame's JSON at once, then once per <see cref="StreamInterval"/>.</summary>
    internal static async IAsyncEnumerable<string> Frames(DashboardFeed feed, TimeProvider clock, [EnumeratorCancellation] CancellationToken ct)
    {
        using var timer = new PeriodicTimer(StreamInterval, clock);
        do
        {
            yield return feed.Current().Json;
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
