using Tomlyn;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml.Conformance;

/// <summary>
/// Texts TOML 1.0 rejects and Tomlyn (TOML 1.1) reads. An operator's lqos.conf written this way is accepted with the
/// meaning TOML 1.1 gives it; see docs/compat.md.
/// </summary>
public class Toml11Tests
{
    [Theory]
    [InlineData("a = 07:32", 7, 32)]
    [InlineData("a = 1979-05-27 07:32", 7, 32)]
    [InlineData("a = 1979-05-27T07:32", 7, 32)]
    public void Parse_TimeWithoutSeconds_ReadsZeroSeconds(string toml, int hour, int minute)
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>(toml);

        Assert.Equal(new TimeOnly(hour, minute, 0), TimeOnly.FromDateTime(value.DateTime.DateTime));
    }

    [Theory]
    [InlineData("a = \"\\e\"", "\u001B")]
    [InlineData("a = \"\\x41\"", "A")]
    public void Parse_Toml11Escapes_AreDecoded(string toml, string expected)
    {
        Assert.Equal(expected, TomlAssert.ValueOfA<string>(toml));
    }

    [Theory]
    [InlineData("a = { x = 1 # c\n}")]
    [InlineData("a = {\n x = 1 }")]
    [InlineData("a = { x = 1\n}")]
    [InlineData("a = { x = 1, }")]
    public void Parse_InlineTableWithNewlinesCommentsOrTrailingComma_ReadsItsKeys(string toml)
    {
        var table = TomlAssert.ValueOfA<TomlTable>(toml);

        Assert.Equal(1, TomlAssert.Integer(Assert.Single(table).Value));
    }

    [Fact]
    public void Parse_MultilineInlineTable_ReadsEveryKey()
    {
        var table = TomlAssert.ValueOfA<TomlTable>("a = { x = 1, \n y = 2 }");

        Assert.Equal([1L, 2L], table.Select(pair => TomlAssert.Integer(pair.Value)));
    }

    [Fact]
    public void Parse_FloatBeyondDoubleRange_ReadsInfinity()
    {
        Assert.Equal(double.PositiveInfinity, TomlAssert.ValueOfA<double>("a = 1e400"));
    }
}
