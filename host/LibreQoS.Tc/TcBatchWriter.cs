using System.Text;
using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc;

/// <summary>Renders commands as <c>tc -batch</c> lines. Pure: the same commands always give the same text.</summary>
public static class TcBatchWriter
{
    public static string Render(TcCommand command) => command switch
    {
        QdiscReplace q => $"qdisc replace dev {q.Device} {Parent(q.Parent)}{(q.HandleMajor is { } h ? $" handle {h:x}:" : "")} {q.Qdisc}",
        QdiscDelete q => $"qdisc del dev {q.Device} {Parent(q.Parent)}",
        HtbClassReplace c => $"class replace dev {c.Device} parent {QdiscOrClass(c.Parent)} classid {c.ClassId} htb rate {TcRate.Format(c.Rate.RateMbps)} ceil {TcRate.Format(c.Rate.CeilMbps)}{(c.Prio is { } p ? $" prio {p}" : "")} quantum {c.Quantum}",
        ClassDelete c => $"class del dev {c.Device} classid {c.ClassId}",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "unknown tc command"),
    };

    public static string Render(IEnumerable<TcCommand> commands)
    {
        var text = new StringBuilder();
        foreach (var command in commands)
            text.Append(Render(command)).Append('\n');
        return text.ToString();
    }

    private static string Parent(TcHandle parent) => parent == TcHandle.Root ? "root" : $"parent {QdiscOrClass(parent)}";

    /// <summary>Minor 0 addresses the qdisc itself, written <c>major:</c>.</summary>
    private static string QdiscOrClass(TcHandle handle) => handle.Minor == 0 ? handle.ToQdiscString() : handle.ToString();
}
