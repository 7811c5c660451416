namespace LibreQoS.Toml.Tests;

public class TomlFormatterTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\path", "\"C:\\\\path\"")]
    [InlineData("a\tb\nc\rd\be\ff", "\"a\\tb\\nc\\rd\\be\\ff\"")]
    [InlineData("bell\u0007del\u007F", "\"bell\\u0007del\\u007F\"")]
    [InlineData("José 😀", "\"José 😀\"")]
    public void FormatValue_String_WritesEscapedBasicString(string value, string expected)
    {
        Assert.Equal(expected, TomlFormatter.FormatValue(value));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ tab \t newline \n control \u0001 del \u007F unicode é 😀")]
    public void FormatValue_String_ParsesBackToSameValue(string value)
    {
        Assert.Equal(value, TomlAssert.ValueOfA<TomlString>("a = " + TomlFormatter.FormatValue(value)).Value);
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public void FormatValue_Boolean_WritesLowercase(bool value, string expected)
    {
        Assert.Equal(expected, TomlFormatter.FormatValue(value));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-42L, "-42")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void FormatValue_Long_WritesDecimal(long value, string expected)
    {
        Assert.Equal(expected, TomlFormatter.FormatValue(value));
    }

    [Fact]
    public void FormatValue_Int_WritesDecimal()
    {
        Assert.Equal("1000", TomlFormatter.FormatValue(1000));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.65, "0.65")]
    [InlineData(1e20, "1E+20")]
    [InlineData(1.5e-7, "1.5E-07")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void FormatValue_Double_WritesTomlFloat(double value, string expected)
    {
        Assert.Equal(expected, TomlFormatter.FormatValue(value));
    }

    [Theory]
    [InlineData(0.1 + 0.2)]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    [InlineData(123456789.0)]
    [InlineData(-2.5e-300)]
    public void FormatValue_Double_ParsesBackToSameValue(double value)
    {
        Assert.Equal(value, TomlAssert.ValueOfA<TomlFloat>("a = " + TomlFormatter.FormatValue(value)).Value);
    }

    [Fact]
    public void FormatValue_StringSequence_WritesArray()
    {
        Assert.Equal("[\"gso\", \"tso\"]", TomlFormatter.FormatValue(new List<string> { "gso", "tso" }));
    }

    [Fact]
    public void FormatValue_LongSequence_WritesArray()
    {
        Assert.Equal("[1, -2]", TomlFormatter.FormatValue(new long[] { 1, -2 }));
    }

    [Fact]
    public void FormatValue_IntSequence_WritesArray()
    {
        Assert.Equal("[80, 443]", TomlFormatter.FormatValue(new[] { 80, 443 }));
    }

    [Fact]
    public void FormatValue_DoubleSequence_WritesArray()
    {
        Assert.Equal("[0.5, 2.0]", TomlFormatter.FormatValue(new[] { 0.5, 2.0 }));
    }

    [Fact]
    public void FormatValue_BooleanSequence_WritesArray()
    {
        Assert.Equal("[true, false]", TomlFormatter.FormatValue(new[] { true, false }));
    }

    [Fact]
    public void FormatValue_EmptySequence_WritesEmptyArray()
    {
        Assert.Equal("[]", TomlFormatter.FormatValue(Array.Empty<string>()));
    }

    [Fact]
    public void FormatValue_UnsupportedType_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => TomlFormatter.FormatValue(1.5m));
    }

    [Fact]
    public void FormatValue_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => TomlFormatter.FormatValue(null!));
    }

    [Theory]
    [InlineData("to_internet", "to_internet")]
    [InlineData("bare-key_1", "bare-key_1")]
    [InlineData("127.0.0.1", "\"127.0.0.1\"")]
    [InlineData("with space", "\"with space\"")]
    [InlineData("", "\"\"")]
    public void FormatKey_Key_WritesBareWhenPossible(string key, string expected)
    {
        Assert.Equal(expected, TomlFormatter.FormatKey(key));
    }
}
