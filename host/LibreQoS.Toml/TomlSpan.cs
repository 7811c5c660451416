namespace LibreQoS.Toml;

/// <summary>A range of source text: start offset and length in UTF-16 code units.</summary>
public readonly record struct TomlSpan(int Start, int Length)
{
    public int End => Start + Length;
}
