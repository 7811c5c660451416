namespace LibreQoS.Config.Toml;

/// <summary>A 1-based line and column in TOML source text. Columns count UTF-16 code units.</summary>
public readonly record struct TomlPosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
