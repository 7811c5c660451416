namespace LibreQoS.Toml;

public sealed class TomlString : TomlNode
{
    internal TomlString(string value) => Value = value;

    public string Value { get; }

    public override string TypeName => "string";
}
