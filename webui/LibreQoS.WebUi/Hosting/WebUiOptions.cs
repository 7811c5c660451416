namespace LibreQoS.WebUi;

/// <summary>How lqosd hosts the web UI; lqosd fills it from lqos.conf.</summary>
public sealed record WebUiOptions
{
    /// <summary>Kestrel URLs, e.g. <c>http://[::]:9123</c> (see <see cref="ListenAddress"/>).</summary>
    public required IReadOnlyList<string> Urls { get; init; }

    public required string UsersFile { get; init; }

    /// <summary>Where the session cookie's keys are kept, so sessions survive a restart of lqosd.</summary>
    public required string KeysDirectory { get; init; }

    /// <summary>Cookies carry Secure: set when lqos.conf says the UI is reached over TLS (<c>[ssl] enabled</c>).</summary>
    public bool SecureCookies { get; init; }

    public string Version { get; init; } = "dev";
}

/// <summary>Turns upstream's <c>webserver_listen</c> (<c>:::9123</c>, <c>0.0.0.0:9123</c>, <c>[::1]:9123</c>) into a URL.</summary>
public static class ListenAddress
{
    public static string? ToUrl(string listen)
    {
        int colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen.AsSpan(colon + 1), out int port) || port is < 0 or > 65535)
            return null;
        string host = listen[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        if (!System.Net.IPAddress.TryParse(host, out var address))
            return null;
        string shown = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        return $"http://{shown}:{port}";
    }
}
