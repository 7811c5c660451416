namespace LibreQoS.Toml.Tests.Conformance;

public class FloatTests
{
    [Theory]
    [InlineData("a = +1.0", 1.0)]
    [InlineData("a = 3.1415", 3.1415)]
    [InlineData("a = -0.01", -0.01)]
    [InlineData("a = 5e+22", 5e+22)]
    [InlineData("a = 1e06", 1e6)]
    [InlineData("a = -2E-2", -2e-2)]
    [InlineData("a = 6.626e-34", 6.626e-34)]
    [InlineData("a = 224_617.445_991_228", 224617.445991228)]
    [InlineData("a = 1e1_0", 1e10)]
    [InlineData("a = 0.0", 0.0)]
    [InlineData("a = 0e0", 0.0)]
    [InlineData("a = 1.7976931348623157e308", double.MaxValue)]
    public void Parse_Float_ReturnsValue(string toml, double expected)
    {
        Assert.Equal(expected, TomlAssert.ValueOfA<TomlFloat>(toml).Value);
    }

    [Fact]
    public void Parse_NegativeZero_KeepsSign()
    {
        Assert.True(double.IsNegative(TomlAssert.ValueOfA<TomlFloat>("a = -0.0").Value));
    }

    [Theory]
    [InlineData("a = inf", double.PositiveInfinity)]
    [InlineData("a = +inf", double.PositiveInfinity)]
    [InlineData("a = -inf", double.NegativeInfinity)]
    [InlineData("a = nan", double.NaN)]
    [InlineData("a = +nan", double.NaN)]
    [InlineData("a = -nan", double.NaN)]
    public void Parse_SpecialFloat_ReturnsValue(string toml, double expected)
    {
        Assert.Equal(expected, TomlAssert.ValueOfA<TomlFloat>(toml).Value);
    }

    [Theory]
    [InlineData("a = 1.", 1, 7, "digit after the decimal point")]
    [InlineData("a = .5", 1, 5, "before the decimal point")]
    [InlineData("a = +.5", 1, 6, "before the decimal point")]
    [InlineData("a = 1.e5", 1, 7, "digit after the decimal point")]
    [InlineData("a = 1e", 1, 7, "digit in the exponent")]
    [InlineData("a = 1e+", 1, 8, "digit in the exponent")]
    [InlineData("a = 1_.5", 1, 6, "'_' must be between two digits")]
    [InlineData("a = 1._5", 1, 7, "'_' must be between two digits")]
    [InlineData("a = 1.5_", 1, 8, "'_' must be between two digits")]
    [InlineData("a = 1e_5", 1, 7, "'_' must be between two digits")]
    [InlineData("a = 01.5", 1, 5, "leading zeros are not allowed")]
    [InlineData("a = -00.5", 1, 6, "leading zeros are not allowed")]
    [InlineData("a = 1.2.3", 1, 8, "invalid character '.' in number")]
    [InlineData("a = 1e400", 1, 5, "float 1e400 is out of range")]
    [InlineData("a = infinity", 1, 5, "invalid value 'infinity'")]
    [InlineData("a = Inf", 1, 5, "invalid value 'Inf'")]
    [InlineData("a = NaN", 1, 5, "invalid value 'NaN'")]
    [InlineData("a = --inf", 1, 6, "expected a digit")]
    public void Parse_InvalidFloat_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
