using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LibreQoS.WebUi.Auth;

namespace LibreQoS.WebUi.Tests.Infrastructure;

/// <summary>An HTTP client that behaves like our pages: keeps cookies and echoes the CSRF cookie on writes.</summary>
public sealed class WebUiClient : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;
    private readonly Uri _base;

    public WebUiClient(Uri baseUri)
    {
        _base = baseUri;
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = baseUri };
    }

    public bool SendCsrfHeader { get; set; } = true;

    public Cookie? Cookie(string name) => _cookies.GetCookies(_base)[name];

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<HttpResponseMessage> PostAsync(string path, object? body = null)
    {
        if (Cookie(CsrfProtection.CookieName) is null)
            await _http.GetAsync("/api/auth/session");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (SendCsrfHeader)
            request.Headers.Add(CsrfProtection.HeaderName, Cookie(CsrfProtection.CookieName)!.Value);
        return await _http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        await PostAsync("/api/auth/login", new { username, password });

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public HttpClient Raw => _http;

    public void Dispose() => _http.Dispose();
}
