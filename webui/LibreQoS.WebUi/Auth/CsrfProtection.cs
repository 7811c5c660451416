using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LibreQoS.WebUi.Auth;

/// <summary>
/// Double-submit CSRF token: every response makes sure the browser holds a random token cookie readable by our
/// script; every write must echo it in a header. Another site can make the browser send the cookie but cannot read
/// it, so it cannot forge the header. SameSite=Strict on both cookies is the second line.
/// </summary>
public sealed class CsrfProtection(RequestDelegate next, WebUiOptions options)
{
    public const string CookieName = "lqos_csrf";
    public const string HeaderName = "X-Lqos-Csrf";

    public async Task InvokeAsync(HttpContext http)
    {
        string? cookie = http.Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(cookie))
        {
            cookie = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            http.Response.Cookies.Append(CookieName, cookie, new CookieOptions
            {
                HttpOnly = false,
                SameSite = SameSiteMode.Strict,
                Secure = options.SecureCookies,
                Path = "/",
                IsEssential = true,
            });
        }

        if (IsWrite(http.Request.Method) && !Matches(cookie, http.Request.Headers[HeaderName].ToString()))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("CSRF token missing or wrong: reload the page and try again.").ConfigureAwait(false);
            return;
        }
        await next(http).ConfigureAwait(false);
    }

    private static bool IsWrite(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static bool Matches(string cookie, string header) =>
        header.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), Encoding.UTF8.GetBytes(header));
}
