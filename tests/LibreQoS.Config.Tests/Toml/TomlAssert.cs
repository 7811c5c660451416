using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml;

internal static class TomlAssert
{
    /// <summary>Asserts that reading fails at the given 1-based position with a reason containing <paramref name="reasonKeyword"/>.</summary>
    public static InvalidTomlException Fails(string toml, int line, int column, string reasonKeyword)
    {
        var error = Assert.Throws<InvalidTomlException>(() => TomlSource.Parse(toml));
        Assert.Equal(new TomlPosition(line, column), error.Position);
        Assert.Contains(reasonKeyword, error.Reason, StringComparison.OrdinalIgnoreCase);
        return error;
    }

    public static TomlTable Parse(string toml) => TomlSource.Parse(toml).Root;

    /// <summary>Reads <paramref name="toml"/> and returns the value of key <c>a</c> as <typeparamref name="T"/>.</summary>
    public static T ValueOfA<T>(string toml) => Assert.IsType<T>(Parse(toml)["a"]);

    public static TomlTable Table(object? node) => Assert.IsType<TomlTable>(node);

    public static TomlArray Array(object? node) => Assert.IsType<TomlArray>(node);

    public static TomlTableArray TableArray(object? node) => Assert.IsType<TomlTableArray>(node);

    public static long Integer(object? node) => Assert.IsType<long>(node);

    public static string String(object? node) => Assert.IsType<string>(node);
}
