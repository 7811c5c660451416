namespace LibreQoS.Toml.Tests.Conformance;

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
        Assert.Equal(expected, TomlAssert.ValueOfA<TomlInteger>(toml).Value);
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
        Assert.Equal(expected, TomlAssert.ValueOfA<TomlInteger>(toml).Value);
    }

    [Theory]
    [InlineData("a = 0123", 1, 5, "leading zeros are not allowed")]
    [InlineData("a = -01", 1, 6, "leading zeros are not allowed")]
    [InlineData("a = 00", 1, 5, "leading zeros are not allowed")]
    [InlineData("a = 0_1", 1, 5, "leading zeros are not allowed")]
    [InlineData("a = 1__2", 1, 6, "'_' must be between two digits")]
    [InlineData("a = 1_", 1, 6, "'_' must be between two digits")]
    [InlineData("a = _1", 1, 5, "'_' must be between two digits")]
    [InlineData("a = 9223372036854775808", 1, 5, "integer 9223372036854775808 is out of range")]
    [InlineData("a = -9223372036854775809", 1, 5, "out of range")]
    [InlineData("a = 99999999999999999999", 1, 5, "integer 99999999999999999999 is out of range")]
    [InlineData("a = 0x8000000000000000", 1, 5, "out of range")]
    [InlineData("a = 0b1111111111111111111111111111111111111111111111111111111111111111", 1, 5, "out of range")]
    [InlineData("a = +0x1", 1, 5, "cannot have a sign")]
    [InlineData("a = -0b1", 1, 5, "cannot have a sign")]
    [InlineData("a = 0X1F", 1, 6, "invalid character 'X'")]
    [InlineData("a = 0x", 1, 7, "hexadecimal digit")]
    [InlineData("a = 0xg", 1, 7, "hexadecimal digit")]
    [InlineData("a = 0o8", 1, 7, "octal digit")]
    [InlineData("a = 0b102", 1, 9, "invalid character '2' in binary integer")]
    [InlineData("a = 0x_1", 1, 7, "'_' must be between two digits")]
    [InlineData("a = 0xA__B", 1, 8, "'_' must be between two digits")]
    [InlineData("a = 12a", 1, 7, "invalid character 'a' in number")]
    [InlineData("a = +", 1, 6, "expected a digit")]
    [InlineData("a = 1 2", 1, 7, "unexpected '2' after the value")]
    public void Parse_InvalidInteger_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
