using LibreQoS.WebUi.Auth;
using LibreQoS.WebUi.Circuits;
using LibreQoS.WebUi.Config;
using LibreQoS.WebUi.Dashboard;
using LibreQoS.WebUi.Network;
using LibreQoS.WebUi.Scheduler;
using LibreQoS.WebUi.Urgent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LibreQoS.WebUi;

/// <summary>
/// Builds the web UI as its own <see cref="WebApplication"/>. The host supplies the query interfaces
/// (<see cref="IDashboardQueries"/> and friends), so the endpoints never see lqosd's internals.
/// </summary>
public static class WebUiApplication
{
    public const string SessionCookie = "lqos_session";

    public static WebApplication Build(WebUiOptions options, ILoggerFactory loggerFactory, Action<IServiceCollection> addQueries)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders().AddProvider(new HostLoggerProvider(loggerFactory)).AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, WebUiJsonContext.Default));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new UserStore(options.UsersFile));
        builder.Services.AddSingleton(new EmbeddedAssets());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<DashboardFeed>();
        addQueries(builder.Services);

        Directory.CreateDirectory(options.KeysDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        builder.Services.AddDataProtection().SetApplicationName("lqosd-webui").PersistKeysToFileSystem(new DirectoryInfo(options.KeysDirectory));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = SessionCookie;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = options.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(7);
            cookie.SlidingExpiration = true;
            // An API answers 401/403; the pages' script sends the browser to the sign-in page itself.
            cookie.Events.OnRedirectToLogin = context => Deny(context.Response, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Deny(context.Response, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = RejectRemovedOrChangedUser;
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(WebUiPolicies.Admin, policy => policy.RequireRole(UserRoles.Admin))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        var app = builder.Build();
        app.Use(AddSecurityHeaders);
        app.UseMiddleware<CsrfProtection>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapWebUiEndpoints();
        return app;
    }

    /// <summary>Every route of the UI: the APIs by feature, then the embedded pages.</summary>
    public static void MapWebUiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapAuthEndpoints();
        app.MapDashboardEndpoints();
        app.MapCircuitEndpoints();
        app.MapNetworkEndpoints();
        app.MapSchedulerEndpoints();
        app.MapUrgentEndpoints();
        app.MapConfigEndpoints();
        app.MapGet("/health", () => TypedResults.Text("OK")).AllowAnonymous();
        app.MapGet("/api/{**rest}", () => TypedResults.NotFound());
        app.MapGet("/{**path}", (HttpContext http, EmbeddedAssets assets, string? path) => assets.Serve(http, path)).AllowAnonymous();
    }

    /// <summary>Starts listening and logs the addresses actually bound (port 0 picks a free one).</summary>
    public static async Task<IReadOnlyList<string>> StartAsync(WebApplication app, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync(ct).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        WebUiLog.Listening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LibreQoS.WebUi"), string.Join(", ", addresses));
        return addresses;
    }

    private static async Task RejectRemovedOrChangedUser(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        string? name = context.Principal?.Identity?.Name;
        string? role = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value;
        if (name is null || users.RoleOf(name) is not { } current || UserRoles.Name(current) != role)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        }
    }

    private static Task Deny(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task AddSecurityHeaders(HttpContext http, Func<Task> next)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'";
        headers["Referrer-Policy"] = "same-origin";
        return next();
    }
}
