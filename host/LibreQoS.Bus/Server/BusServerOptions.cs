using LibreQoS.Bus.Protocol;

namespace LibreQoS.Bus.Server;

public sealed record BusServerOptions
{
    public const string DefaultSocketPath = "/run/lqos/bus";
    public const string DefaultGroup = "lqos";

    public string SocketPath { get; init; } = DefaultSocketPath;

    /// <summary>Group allowed to connect (mode 0660); if it does not exist the socket is root-only.</summary>
    public string Group { get; init; } = DefaultGroup;

    public int MaxFrameBytes { get; init; } = FrameCodec.DefaultMaxFrameBytes;

    /// <summary>How long a started frame may take to arrive completely (a slow or stuck client).</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection may sit idle between frames.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Requests handled at once across all connections; more wait, then get "busy".</summary>
    public int MaxConcurrentRequests { get; init; } = 64;

    public TimeSpan BusyWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline for a read-only request; side-effecting ones run to completion (upstream does the same).</summary>
    public TimeSpan ReadOnlyRequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxConnections { get; init; } = 1024;
}
