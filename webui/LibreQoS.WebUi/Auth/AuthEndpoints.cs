using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LibreQoS.WebUi.Auth;

/// <summary>Sign-in, sign-out, the first-run administrator and "who am I".</summary>
public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").AllowAnonymous();
        group.MapGet("/session", GetSession);
        group.MapPost("/login", LoginAsync);
        group.MapPost("/first-run", FirstRunAsync);
        group.MapPost("/logout", LogoutAsync);
        return group;
    }

    internal static Ok<SessionView> GetSession(HttpContext http, UserStore users)
    {
        var user = http.User;
        bool signedIn = user.Identity?.IsAuthenticated == true;
        return TypedResults.Ok(new SessionView(signedIn, signedIn ? user.Identity!.Name : null,
            signedIn ? user.FindFirstValue(ClaimTypes.Role) : null, !users.HasUsers));
    }

    internal static async Task<Results<Ok<SessionView>, UnauthorizedHttpResult, Conflict<ErrorView>, JsonHttpResult<ErrorView>>> LoginAsync(
        Credentials credentials, UserStore users, SignInThrottle throttle, HttpContext http, ILogger<UserStore> logger)
    {
        if (!users.HasUsers)
            return TypedResults.Conflict(new ErrorView("no user exists yet: create the administrator first"));
        string address = http.Connection.RemoteIpAddress?.ToString() ?? "?";
        if (throttle.RetryAfter(credentials.Username, address) is { } wait)
        {
            int minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            WebUiLog.LoginThrottled(logger, credentials.Username, address);
            return TypedResults.Json(new ErrorView($"Too many failed sign-ins for this user from your address ({SignInThrottle.MaxFailures} in "
                + $"{SignInThrottle.Window.TotalMinutes:0} minutes). Try again in {minutes} minute{(minutes == 1 ? "" : "s")}."),
                statusCode: StatusCodes.Status429TooManyRequests);
        }
        if (users.Verify(credentials.Username, credentials.Password) is not { } role)
        {
            throttle.Failed(credentials.Username, address);
            WebUiLog.LoginRefused(logger, credentials.Username, address);
            return TypedResults.Unauthorized();
        }
        throttle.Succeeded(credentials.Username, address);
        await SignInAsync(http, credentials.Username, role).ConfigureAwait(false);
        WebUiLog.SignedIn(logger, credentials.Username, UserRoles.Name(role));
        return TypedResults.Ok(new SessionView(true, credentials.Username, UserRoles.Name(role), false));
    }

    internal static async Task<Results<Ok<SessionView>, BadRequest<ErrorView>>> FirstRunAsync(
        Credentials credentials, UserStore users, HttpContext http, ILogger<UserStore> logger)
    {
        if (users.CreateFirstAdmin(credentials.Username, credentials.Password) is { } problem)
            return TypedResults.BadRequest(new ErrorView(problem));
        WebUiLog.AdminCreated(logger, credentials.Username, users.Path);
        await SignInAsync(http, credentials.Username, UserRole.Admin).ConfigureAwait(false);
        return TypedResults.Ok(new SessionView(true, credentials.Username, UserRoles.Admin, false));
    }

    internal static async Task<NoContent> LogoutAsync(HttpContext http, ILogger<UserStore> logger)
    {
        WebUiLog.SignedOut(logger, http.User.Identity?.Name ?? "?");
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static Task SignInAsync(HttpContext http, string username, UserRole role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, username), new Claim(ClaimTypes.Role, UserRoles.Name(role))],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }
}
