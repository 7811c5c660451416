using LibreQoS.WebUi.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LibreQoS.WebUi.Scheduler;

/// <summary>What lqos_scheduler last reported, for the top navigation's indicator.</summary>
public interface ISchedulerQueries
{
    SchedulerView Status();
}

public static class SchedulerEndpoints
{
    public static RouteGroupBuilder MapSchedulerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduler");
        group.MapGet("/", Get);
        return group;
    }

    internal static Ok<SchedulerView> Get(ISchedulerQueries queries) => TypedResults.Ok(queries.Status());
}
