using LibreQoS.WebUi.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LibreQoS.WebUi.Urgent;

public sealed record UrgentIssueView(long Id, long TimestampUnix, string Source, string Severity, string Code, string Message, string? Context);

/// <summary>Issues that need an operator, as lqosd keeps them.</summary>
public interface IUrgentQueries
{
    IReadOnlyList<UrgentIssueView> List();

    bool Acknowledge(long id);

    void AcknowledgeAll();
}

/// <summary>The urgent-issues indicator's list and its acknowledge buttons (admins only).</summary>
public static class UrgentEndpoints
{
    public static RouteGroupBuilder MapUrgentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/urgent");
        group.MapGet("/", List);
        group.MapPost("/{id:long}/ack", Acknowledge).RequireAuthorization(WebUiPolicies.Admin);
        group.MapPost("/ack-all", AcknowledgeAll).RequireAuthorization(WebUiPolicies.Admin);
        return group;
    }

    internal static Ok<IReadOnlyList<UrgentIssueView>> List(IUrgentQueries queries) => TypedResults.Ok(queries.List());

    internal static Results<NoContent, NotFound> Acknowledge(long id, IUrgentQueries queries) =>
        queries.Acknowledge(id) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static NoContent AcknowledgeAll(IUrgentQueries queries)
    {
        queries.AcknowledgeAll();
        return TypedResults.NoContent();
    }
}
