using Microsoft.Extensions.Logging;

namespace LibreQoS.WebUi;

/// <summary>
/// Sends the web UI's logs to the host's logger factory (lqosd's journald-friendly Serilog), while the web UI's own
/// filters still apply: ASP.NET's per-request lines stay out of the journal.
/// </summary>
internal sealed class HostLoggerProvider(ILoggerFactory host) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => host.CreateLogger(categoryName);

    /// <summary>The host owns its factory; the web UI stopping must not dispose it.</summary>
    public void Dispose()
    {
    }
}
