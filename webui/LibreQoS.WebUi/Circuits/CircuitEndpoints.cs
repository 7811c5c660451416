using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LibreQoS.WebUi.Circuits;

/// <summary>The Shaped Devices list (searched, sorted and paged on the server) and one circuit's page.</summary>
public static class CircuitEndpoints
{
    public const int MaxPageSize = 500;

    public static RouteGroupBuilder MapCircuitEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/circuits");
        group.MapGet("/", List);
        group.MapGet("/{circuitId}", Get);
        return group;
    }

    internal static Results<Ok<CircuitPage>, BadRequest<Auth.ErrorView>> List(ICircuitQueries queries,
        string? search = null, string? sort = null, bool desc = false, int offset = 0, int limit = 50)
    {
        CircuitSort order = CircuitSort.Name;
        if (sort is not null && !Enum.TryParse(sort, ignoreCase: true, out order))
            return TypedResults.BadRequest(new Auth.ErrorView($"sort must be one of {string.Join(", ", Enum.GetNames<CircuitSort>()).ToLowerInvariant()}"));
        var query = new CircuitQuery(string.IsNullOrWhiteSpace(search) ? null : search.Trim(), order, desc,
            Math.Max(0, offset), Math.Clamp(limit, 1, MaxPageSize));
        return TypedResults.Ok(queries.Page(query));
    }

    internal static Results<Ok<CircuitDetail>, NotFound> Get(string circuitId, ICircuitQueries queries) =>
        queries.Find(circuitId) is { } circuit ? TypedResults.Ok(circuit) : TypedResults.NotFound();
}
