using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml.Conformance;

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
        Assert.Equal(expected, TomlAssert.ValueOfA<double>(toml));
    }

    [Fact]
    public void Parse_NegativeZero_KeepsSign()
    {
        Assert.True(double.IsNegative(TomlAssert.ValueOfA<double>("a = -0.0")));
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
        Assert.Equal(expected, TomlAssert.ValueOfA<double>(toml));
    }

    [Theory]
    [InlineData("a = 1.", 1, 5, "Unexpected token `1.` for a value")]
    [InlineData("a = .5", 1, 5, "Unexpected token `.` for a value")]
    [InlineData("a = +.5", 1, 5, "Unexpected token `+` for a value")]
    [InlineData("a = 1.e5", 1, 5, "Unexpected token `1.` for a value")]
    [InlineData("a = 1e", 1, 5, "Unexpected token `1e` for a value")]
    [InlineData("a = 1e+", 1, 5, "Unexpected token `1e+` for a value")]
    [InlineData("a = 1_.5", 1, 7, "Missing a digit after a trailing underscore `_`")]
    [InlineData("a = 1._5", 1, 5, "Unexpected token `1.` for a value")]
    [InlineData("a = 1.5_", 1, 9, "Missing a digit after a trailing underscore `_`")]
    [InlineData("a = 1e_5", 1, 5, "Unexpected token `1e` for a value")]
    [InlineData("a = 01.5", 1, 5, "Unexpected leading zero (`0`) for float `01.5`")]
    [InlineData("a = -00.5", 1, 6, "Unexpected leading zero")]
    [InlineData("a = 1.2.3", 1, 8, "Unexpected token found `.` while expecting token `newline`")]
    [InlineData("a = infinity", 1, 5, "Unexpected token `infinity` for a value")]
    [InlineData("a = Inf", 1, 5, "Unexpected token `Inf` for a value")]
    [InlineData("a = NaN", 1, 5, "Unexpected token `NaN` for a value")]
    [InlineData("a = --inf", 1, 5, "Unexpected token `-` for a value")]
    public void Parse_InvalidFloat_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
