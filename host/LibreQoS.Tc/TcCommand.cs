using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc;

/// <summary>One line of a <c>tc -batch</c> file, as a value: the applier builds these, <see cref="TcBatchWriter"/> renders them.</summary>
public abstract record TcCommand(string Device);

/// <summary><c>qdisc replace dev D parent P [handle H:] tokens…</c>; <paramref name="Parent"/> may be <see cref="TcHandle.Root"/>.</summary>
public sealed record QdiscReplace(string Device, TcHandle Parent, ushort? HandleMajor, LeafQdisc Qdisc) : TcCommand(Device);

/// <summary><c>qdisc del dev D parent P</c> (or <c>root</c>).</summary>
public sealed record QdiscDelete(string Device, TcHandle Parent) : TcCommand(Device);

/// <summary><c>class replace dev D parent P classid C htb rate R ceil C [prio N] quantum Q</c>: creates, or changes in place (keeping counters).</summary>
public sealed record HtbClassReplace(string Device, TcHandle Parent, TcHandle ClassId, RateLimit Rate, int? Prio, int Quantum) : TcCommand(Device);

/// <summary><c>class del dev D classid C</c>; its leaf qdisc goes with it.</summary>
public sealed record ClassDelete(string Device, TcHandle ClassId) : TcCommand(Device);
