namespace LibreQoS.Toml.Tests.Conformance;

public class BooleanTests
{
    [Theory]
    [InlineData("a = true", true)]
    [InlineData("a = false", false)]
    [InlineData("a = true # comment", true)]
    public void Parse_Boolean_ReturnsValue(string toml, bool expected)
    {
        Assert.Equal(expected, TomlAssert.ValueOfA<TomlBoolean>(toml).Value);
    }

    [Theory]
    [InlineData("a = True", 1, 5, "invalid value 'True'")]
    [InlineData("a = FALSE", 1, 5, "invalid value 'FALSE'")]
    [InlineData("a = tru", 1, 5, "invalid value 'tru'")]
    [InlineData("a = truefalse", 1, 5, "invalid value 'truefalse'")]
    [InlineData("a = yes", 1, 5, "strings must be quoted")]
    [InlineData("a = true false", 1, 10, "unexpected 'f' after the value")]
    public void Parse_InvalidBoolean_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
