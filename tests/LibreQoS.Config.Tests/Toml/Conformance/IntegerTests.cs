using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml.Conformance;

public class IntegerTests
{
    [Theory]
    [InlineData("a = 42", 42L)]
    [InlineData("a = +99", 99L)]
    [InlineData("a = -17", -17L)]
    [InlineData("a = 0", 0L)]
    [InlineData("a = +0", 0L)]
    [InlineData("a = -0", 0L)]
    [InlineData("a = 1_000", 1000L)]
    [InlineData("a = 5_349_221", 5349221L)]
    [InlineData("a = 1_2_3_4_5", 12345L)]
    [InlineData("a = 9223372036854775807", long.MaxValue)]
    [InlineData("a = -9223372036854775808", long.MinValue)]
    public void Parse_DecimalInteger_ReturnsValue(string toml, long expected)
    {
        Assert.Equal(expected, TomlAssert.ValueOfA<long>(toml));
    }

    [Theory]
    [InlineData("a = 0xDEADBEEF", 0xDEADBEEFL)]
    [InlineData("a = 0xdeadbeef", 0xDEADBEEFL)]
    [InlineData("a = 0xdead_beef", 0xDEADBEEFL)]
    [InlineData("a = 0x00ff", 255L)]
    [InlineData("a = 0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("a = 0o01234567", 342391L)]
    [InlineData("a = 0o755", 493L)]
    [InlineData("a = 0o7_7", 63L)]
    [InlineData("a = 0b11010110", 214L)]
    [InlineData("a = 0b1_0", 2L)]
    [InlineData("a = 0x0", 0L)]
    public void Parse_PrefixedInteger_ReturnsValue(string toml, long expected)
    {
        Assert.Equal(expected, TomlAssert.ValueOfA<long>(toml));
    }

    [Theory]
    [InlineData("a = 0123", 1, 5, "Unexpected leading zero (`0`) for integer `0123`")]
    [InlineData("a = -01", 1, 6, "Unexpected leading zero (`0`) for integer `-01`")]
    [InlineData("a = 00", 1, 6, "Multiple leading 0 are not allowed")]
    [InlineData("a = 0_1", 1, 5, "Unexpected leading zero (`0`) for integer `01`")]
    [InlineData("a = 1__2", 1, 7, "An underscore `_` must follow a digit and not another `_`")]
    [InlineData("a = 1_", 1, 7, "Missing a digit after a trailing underscore `_`")]
    [InlineData("a = _1", 1, 5, "Unexpected token `_` for a value")]
    [InlineData("a = 9223372036854775808", 1, 5, "Unable to parse integer `9223372036854775808`")]
    [InlineData("a = -9223372036854775809", 1, 5, "Unable to parse integer `-9223372036854775809`")]
    [InlineData("a = 99999999999999999999", 1, 5, "Unable to parse integer `99999999999999999999`")]
    [InlineData("a = +0x1", 1, 7, "Unexpected token found `x` while expecting token `newline`")]
    [InlineData("a = -0b1", 1, 7, "Unexpected token found `b` while expecting token `newline`")]
    [InlineData("a = 0X1F", 1, 6, "Invalid capital X for hexadecimal. Use `x` instead.")]
    [InlineData("a = 0x", 1, 5, "Unexpected token `0x` for a value")]
    [InlineData("a = 0xg", 1, 5, "Unexpected token `0x` for a value")]
    [InlineData("a = 0o8", 1, 5, "Unexpected token `0o` for a value")]
    [InlineData("a = 0b102", 1, 9, "Unexpected token found `2` (token: `integer`) while expecting token `newline`")]
    [InlineData("a = 0x_1", 1, 5, "An underscore must be surrounded by at least one hexadecimal digit on each side")]
    [InlineData("a = 0xA__B", 1, 5, "An underscore must be surrounded by at least one hexadecimal digit on each side")]
    [InlineData("a = 12a", 1, 7, "Unexpected token found `a` while expecting token `newline`")]
    [InlineData("a = +", 1, 5, "Unexpected token `+` for a value")]
    [InlineData("a = 1 2", 1, 7, "Unexpected token found `2` (token: `integer`) while expecting token `newline`")]
    public void Parse_InvalidInteger_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
