using Microsoft.Extensions.Logging;

namespace LibreQoS.WebUi;

/// <summary>The web UI's log messages; event ids 3000–3999.</summary>
internal static partial class WebUiLog
{
    [LoggerMessage(3000, LogLevel.Information, "web UI listening on {Urls}")]
    public static partial void Listening(ILogger logger, string urls);

    [LoggerMessage(3001, LogLevel.Warning, "web UI sign-in refused for '{Username}' from {Remote}")]
    public static partial void LoginRefused(ILogger logger, string username, string remote);

    [LoggerMessage(3006, LogLevel.Warning, "web UI sign-in for '{Username}' from {Remote} refused: too many failures, rate limited")]
    public static partial void LoginThrottled(ILogger logger, string username, string remote);

    [LoggerMessage(3002, LogLevel.Information, "web UI: {Username} signed in ({Role})")]
    public static partial void SignedIn(ILogger logger, string username, string role);

    [LoggerMessage(3003, LogLevel.Information, "web UI: administrator '{Username}' created in {Path}")]
    public static partial void AdminCreated(ILogger logger, string username, string path);

    [LoggerMessage(3005, LogLevel.Information, "web UI: {Username} signed out")]
    public static partial void SignedOut(ILogger logger, string username);

    [LoggerMessage(3004, LogLevel.Information, "web UI: {Username} saved lqos.conf ({Keys})")]
    public static partial void ConfigSaved(ILogger logger, string username, string keys);
}
