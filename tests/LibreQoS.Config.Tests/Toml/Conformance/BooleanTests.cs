using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml.Conformance;

public class BooleanTests
{
    [Theory]
    [InlineData("a = true", true)]
    [InlineData("a = false", false)]
    [InlineData("a = true # comment", true)]
    public void Parse_Boolean_ReturnsValue(string toml, bool expected)
    {
        Assert.Equal(expected, TomlAssert.ValueOfA<bool>(toml));
    }

    [Theory]
    [InlineData("a = True", 1, 5, "Unexpected token `True` for a value")]
    [InlineData("a = FALSE", 1, 5, "Unexpected token `FALSE` for a value")]
    [InlineData("a = tru", 1, 5, "Unexpected token `tru` for a value")]
    [InlineData("a = truefalse", 1, 5, "Unexpected token `truefalse` for a value")]
    [InlineData("a = yes", 1, 5, "Unexpected token `yes` for a value")]
    [InlineData("a = true false", 1, 10, "Unexpected token found `false` (token: `false`) while expecting token `newline`")]
    public void Parse_InvalidBoolean_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
