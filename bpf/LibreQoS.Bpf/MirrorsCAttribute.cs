namespace LibreQoS.Bpf;

/// <summary>
/// Marks a struct whose layout must equal a C struct's, or a constant that must equal a C macro.
/// AbiLayoutTests turns every use into <c>_Static_assert</c>s (sizeof, offsetof, field sizes, values) and
/// compiles them against the named header, so a drift fails the build's tests rather than corrupting maps.
/// </summary>
/// <param name="name">The C struct tag (without <c>struct</c>) or macro name.</param>
[AttributeUsage(AttributeTargets.Struct | AttributeTargets.Field)]
internal sealed class MirrorsCAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>The header declaring it, as written in <c>#include &lt;...&gt;</c>; ours by default.</summary>
    public string Header { get; init; } = "lqos_abi.h";

    /// <summary>Only the leading fields are mirrored (the C struct may be longer).</summary>
    public bool IsPrefix { get; init; }
}
