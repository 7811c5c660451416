namespace LibreQoS.Toml;

public sealed class TomlFloat : TomlNode
{
    internal TomlFloat(double value) => Value = value;

    public double Value { get; }

    public override string TypeName => "float";
}
