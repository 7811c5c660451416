using LibreQoS.WebUi.Dashboard;

namespace LibreQoS.WebUi.Network;

/// <summary>A network.json node as shaped: its limits and the live rate of every circuit beneath it.</summary>
/// <param name="ParentPath">Empty for a top-level node.</param>
public sealed record NodeView(string Path, string Name, string ParentPath, int Depth, int CpuQueue, double DownloadMaxMbps, double UploadMaxMbps,
    int Circuits, DownUpRate BitsPerSecond);

/// <summary>The tree in depth-first order (parents before children).</summary>
public sealed record NetworkTreeView(IReadOnlyList<NodeView> Nodes, double DownlinkMbps, double UplinkMbps);

public sealed record CpuNodeView(string Name, int Circuits, double DownloadMaxMbps);

/// <summary>One CPU queue: the top-level nodes placed on it and the load of everything it carries.</summary>
public sealed record CpuQueueView(int Queue, IReadOnlyList<CpuNodeView> TopLevelNodes, int Circuits, double DownloadMaxMbps, DownUpRate BitsPerSecond);

public sealed record CpuView(IReadOnlyList<CpuQueueView> Queues);

/// <summary>The applied plan's tree and CPU placement with live rates.</summary>
public interface INetworkQueries
{
    NetworkTreeView Tree();

    CpuView Cpu();
}
