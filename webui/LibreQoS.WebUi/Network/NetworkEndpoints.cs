using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LibreQoS.WebUi.Network;

/// <summary>The Network Tree and CPU views.</summary>
public static class NetworkEndpoints
{
    public static RouteGroupBuilder MapNetworkEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/network");
        group.MapGet("/tree", GetTree);
        group.MapGet("/cpu", GetCpu);
        return group;
    }

    internal static Ok<NetworkTreeView> GetTree(INetworkQueries queries) => TypedResults.Ok(queries.Tree());

    internal static Ok<CpuView> GetCpu(INetworkQueries queries) => TypedResults.Ok(queries.Cpu());
}
