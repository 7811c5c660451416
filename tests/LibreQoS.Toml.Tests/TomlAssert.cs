namespace LibreQoS.Toml.Tests;

internal static class TomlAssert
{
    /// <summary>Asserts that parsing fails at the given 1-based position with a reason containing <paramref name="reasonKeyword"/>.</summary>
    public static TomlException Fails(string toml, int line, int column, string reasonKeyword)
    {
        var error = Assert.Throws<TomlException>(() => TomlParser.Parse(toml));
        Assert.Equal(new TomlPosition(line, column), error.Position);
        Assert.Contains(reasonKeyword, error.Reason, StringComparison.Ordinal);
        return error;
    }

    /// <summary>Parses <paramref name="toml"/> and returns the value of key <c>a</c> as <typeparamref name="T"/>.</summary>
    public static T ValueOfA<T>(string toml)
        where T : TomlNode => Assert.IsType<T>(TomlParser.Parse(toml)["a"]);

    public static TomlTable Table(TomlNode? node) => Assert.IsType<TomlTable>(node);

    public static TomlArray Array(TomlNode? node) => Assert.IsType<TomlArray>(node);

    public static long Integer(TomlNode? node) => Assert.IsType<TomlInteger>(node).Value;

    public static string String(TomlNode? node) => Assert.IsType<TomlString>(node).Value;
}
