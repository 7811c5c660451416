namespace LibreQoS.Toml;

public sealed class TomlBoolean : TomlNode
{
    internal TomlBoolean(bool value) => Value = value;

    public bool Value { get; }

    public override string TypeName => "boolean";
}
