using System.Net;
using LibreQoS.WebUi.Auth;
using LibreQoS.WebUi.Tests.Infrastructure;

namespace LibreQoS.WebUi.Tests.Api;

public sealed class AuthApiTests : IAsyncLifetime
{
    private LqosdLab _lab = null!;

    public async Task InitializeAsync() => _lab = await LqosdLab.StartAsync();

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    [Theory]
    [InlineData("/api/dashboard")]
    [InlineData("/api/dashboard/stream")]
    [InlineData("/api/circuits")]
    [InlineData("/api/circuits/C1")]
    [InlineData("/api/network/tree")]
    [InlineData("/api/network/cpu")]
    [InlineData("/api/scheduler")]
    [InlineData("/api/urgent")]
    [InlineData("/api/config")]
    public async Task Get_WithoutSession_Is401(string path)
    {
        using var client = new WebUiClient(_lab.BaseUri);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_WrongPassword_Is401AndGivesNoSession()
    {
        using var client = new WebUiClient(_lab.BaseUri);

        using var response = await client.LoginAsync("admin", "not-the-password");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(client.Cookie(WebUiApplication.SessionCookie));
    }

    [Fact]
    public async Task Login_TenFailuresForOneUserAndAddress_Then429EvenWithTheRightPassword()
    {
        using var client = new WebUiClient(_lab.BaseUri);
        for (int i = 0; i < SignInThrottle.MaxFailures; i++)
        {
            using var refused = await client.LoginAsync("admin", $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var limited = await client.LoginAsync("admin", LqosdLab.AdminPassword);
        string body = await limited.Content.ReadAsStringAsync();
        var sessionAfterLimit = client.Cookie(WebUiApplication.SessionCookie);
        using var otherUser = await client.LoginAsync("viewer", LqosdLab.ViewerPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many failed sign-ins", body, StringComparison.Ordinal);
        Assert.Contains("Try again in 5 minutes", body, StringComparison.Ordinal);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(300));
        Assert.Null(sessionAfterLimit);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }

    [Fact]
    public async Task Login_UnknownUser_Is401()
    {
        using var client = new WebUiClient(_lab.BaseUri);

        using var response = await client.LoginAsync("mallory", LqosdLab.AdminPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_RightPassword_SetsHttpOnlyStrictSessionCookieAndOpensTheApi()
    {
        using var client = new WebUiClient(_lab.BaseUri);

        using var response = await client.LoginAsync("admin", LqosdLab.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(WebUiApplication.SessionCookie, StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(24, (await client.GetJsonAsync("/api/circuits"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Write_WithoutCsrfHeader_Is403EvenForAdmin()
    {
        using var client = new WebUiClient(_lab.BaseUri);
        await client.LoginAsync("admin", LqosdLab.AdminPassword);
        var issue = _lab.Urgent.Submit("test", "error", "X", "m", null, null);
        client.SendCsrfHeader = false;

        using var response = await client.PostAsync($"/api/urgent/{issue.Id}/ack");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(_lab.Urgent.List());
    }

    [Fact]
    public async Task Login_WithoutCsrfHeader_Is403()
    {
        using var client = new WebUiClient(_lab.BaseUri) { SendCsrfHeader = false };

        using var response = await client.LoginAsync("admin", LqosdLab.AdminPassword);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/config", "{\"changes\":{\"node_name\":\"Hacked\"}}")]
    [InlineData("/api/urgent/1/ack", null)]
    [InlineData("/api/urgent/ack-all", null)]
    public async Task Write_AsReadOnlyUser_Is403AndChangesNothing(string path, string? body)
    {
        using var client = new WebUiClient(_lab.BaseUri);
        await client.LoginAsync("viewer", LqosdLab.ViewerPassword);
        _lab.Urgent.Submit("test", "error", "X", "m", null, null);
        string before = await File.ReadAllTextAsync(_lab.ConfigPath);

        using var response = await client.PostAsync(path, body is null ? null : System.Text.Json.JsonDocument.Parse(body).RootElement);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await File.ReadAllTextAsync(_lab.ConfigPath));
        Assert.Single(_lab.Urgent.List());
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        using var client = new WebUiClient(_lab.BaseUri);
        await client.LoginAsync("admin", LqosdLab.AdminPassword);

        using var logout = await client.PostAsync("/api/auth/logout");
        using var after = await client.GetAsync("/api/dashboard");

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task FirstRun_WhenUsersExist_IsRefused()
    {
        using var client = new WebUiClient(_lab.BaseUri);

        using var response = await client.PostAsync("/api/auth/first-run", new { username = "eve", password = "eve-password-1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var login = await client.LoginAsync("eve", "eve-password-1");
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Pages_AreServedWithSecurityHeaders()
    {
        using var client = new WebUiClient(_lab.BaseUri);

        using var response = await client.GetAsync("/circuits");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}

public sealed class FirstRunApiTests : IAsyncLifetime
{
    private LqosdLab _lab = null!;

    public async Task InitializeAsync() => _lab = await LqosdLab.StartAsync(withUsers: false);

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    [Fact]
    public async Task FirstRun_NoUsers_SessionSaysSoAndCreatesTheAdminOnce()
    {
        using var client = new WebUiClient(_lab.BaseUri);
        Assert.True((await client.GetJsonAsync("/api/auth/session"))["firstRun"]!.GetValue<bool>());

        using var created = await client.PostAsync("/api/auth/first-run", new { username = "root-admin", password = "long-password-1" });
        using var again = await client.PostAsync("/api/auth/first-run", new { username = "other", password = "long-password-2" });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var session = await client.GetJsonAsync("/api/auth/session");
        Assert.Equal("admin", session["role"]!.GetValue<string>());
        Assert.False(session["firstRun"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Login_BeforeFirstRun_Is409()
    {
        using var client = new WebUiClient(_lab.BaseUri);

        using var response = await client.LoginAsync("admin", "whatever-password");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}

public sealed class SessionRevocationTests : IAsyncLifetime
{
    private LqosdLab _lab = null!;

    public async Task InitializeAsync() => _lab = await LqosdLab.StartAsync();

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    [Fact]
    public async Task Session_UserRemoved_EndsAtTheNextRequest()
    {
        using var client = new WebUiClient(_lab.BaseUri);
        await client.LoginAsync("viewer", LqosdLab.ViewerPassword);

        new UserStore(_lab.UsersFile).Remove("viewer");
        using var response = await client.GetAsync("/api/dashboard");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Session_RoleChangedToReadOnly_LosesWriteAccessAtOnce()
    {
        using var client = new WebUiClient(_lab.BaseUri);
        await client.LoginAsync("admin", LqosdLab.AdminPassword);

        new UserStore(_lab.UsersFile).Save("admin", LqosdLab.AdminPassword, UserRole.ReadOnly);
        using var response = await client.PostAsync("/api/urgent/ack-all");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
