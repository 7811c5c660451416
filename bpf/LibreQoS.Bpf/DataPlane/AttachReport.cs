using LibreQoS.Bpf.Attach;

namespace LibreQoS.Bpf.DataPlane;

/// <summary>One interface the programs were attached to.</summary>
/// <param name="Role">"to internet", "to ISP" or "on a stick".</param>
public sealed record AttachedInterface(string Name, int IfIndex, string Role, XdpMode XdpMode);

/// <summary>What <see cref="ShaperDataPlane.Attach"/> did, and what an operator should know about it (to log as warnings).</summary>
public sealed record AttachReport(IReadOnlyList<AttachedInterface> Interfaces, IReadOnlyList<int> ShapingCpus, IReadOnlyList<string> Warnings);
