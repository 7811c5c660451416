namespace LibreQoS.Toml;

public sealed class TomlInteger : TomlNode
{
    internal TomlInteger(long value) => Value = value;

    public long Value { get; }

    public override string TypeName => "integer";
}
