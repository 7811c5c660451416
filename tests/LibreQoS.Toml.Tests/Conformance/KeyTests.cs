namespace LibreQoS.Toml.Tests.Conformance;

public class KeyTests
{
    [Theory]
    [InlineData("key = 1", "key")]
    [InlineData("bare_key = 1", "bare_key")]
    [InlineData("bare-key = 1", "bare-key")]
    [InlineData("1234 = 1", "1234")]
    [InlineData("-_- = 1", "-_-")]
    [InlineData("\"127.0.0.1\" = 1", "127.0.0.1")]
    [InlineData("\"character encoding\" = 1", "character encoding")]
    [InlineData("\"ʎǝʞ\" = 1", "ʎǝʞ")]
    [InlineData("'key2' = 1", "key2")]
    [InlineData("'quoted \"value\"' = 1", "quoted \"value\"")]
    [InlineData("\"a\\u0041\\t\" = 1", "aA\t")]
    [InlineData("\"\" = 1", "")]
    [InlineData("'' = 1", "")]
    [InlineData("key=1", "key")]
    [InlineData("\tkey\t=\t1", "key")]
    public void Parse_SingleKey_ReturnsKeyName(string toml, string expectedKey)
    {
        var root = TomlParser.Parse(toml);

        Assert.Equal([expectedKey], root.Keys);
        Assert.Equal(1, TomlAssert.Integer(root[expectedKey]));
    }

    [Theory]
    [InlineData("physical.color = 'orange'")]
    [InlineData("physical . color = 'orange'")]
    [InlineData("physical\t.\t\"color\" = 'orange'")]
    [InlineData("'physical'.'color' = 'orange'")]
    public void Parse_DottedKey_CreatesNestedTable(string toml)
    {
        var physical = TomlAssert.Table(TomlParser.Parse(toml)["physical"]);

        Assert.False(physical.IsInline);
        Assert.Equal("orange", TomlAssert.String(physical["color"]));
    }

    [Fact]
    public void Parse_QuotedDotInDottedKey_IsPartOfTheName()
    {
        var site = TomlAssert.Table(TomlParser.Parse("site.\"google.com\" = true")["site"]);

        Assert.Equal(["google.com"], site.Keys);
    }

    [Fact]
    public void Parse_FloatLookingKey_IsTwoKeys()
    {
        var three = TomlAssert.Table(TomlParser.Parse("3.14159 = \"pi\"")["3"]);

        Assert.Equal("pi", TomlAssert.String(three["14159"]));
    }

    [Fact]
    public void Parse_DottedKeysSharingAPrefix_ExtendTheSameTable()
    {
        var root = TomlParser.Parse("fruit.apple.color = 'red'\nfruit.apple.smooth = true\nfruit.orange = 2\n");

        var fruit = TomlAssert.Table(root["fruit"]);
        Assert.Equal(["apple", "orange"], fruit.Keys);
        Assert.Equal(["color", "smooth"], TomlAssert.Table(fruit["apple"]).Keys);
    }

    [Fact]
    public void Parse_Keys_KeepDefinitionOrder()
    {
        Assert.Equal(["zeta", "alpha", "mid"], TomlParser.Parse("zeta = 1\nalpha = 2\nmid = 3").Keys);
    }

    [Fact]
    public void Parse_DottedKeyValue_PositionIsStartOfWholeKey()
    {
        var root = TomlParser.Parse("\n  a . b = 1");

        var b = TomlAssert.Table(root["a"])["b"]!;
        Assert.Equal(new TomlPosition(2, 3), b.Position);
    }

    [Theory]
    [InlineData("= 1", 1, 1, "expected a key but found '='")]
    [InlineData("a b = 1", 1, 3, "expected '=' after key")]
    [InlineData("a", 1, 2, "expected '=' after key")]
    [InlineData("a\n= 1", 1, 2, "expected '=' after key")]
    [InlineData("a = 1\na = 2", 2, 1, "duplicate key 'a' (first defined at 1:1)")]
    [InlineData("a = 1\n\"a\" = 2", 2, 1, "duplicate key 'a'")]
    [InlineData("a = 1\n'a' = 2", 2, 1, "duplicate key 'a'")]
    [InlineData("a.b = 1\na.b = 2", 2, 3, "duplicate key 'b' (first defined at 1:1)")]
    [InlineData("a = 1\na.b = 2", 2, 1, "duplicate key 'a'")]
    [InlineData("a.b = 1\na = 2", 2, 1, "duplicate key 'a'")]
    [InlineData("a.b.c = 1\na.b = 2", 2, 3, "duplicate key 'b'")]
    [InlineData("a. = 1", 1, 4, "expected a key")]
    [InlineData(".a = 1", 1, 1, "expected a key")]
    [InlineData("a..b = 1", 1, 3, "expected a key")]
    [InlineData("a$ = 1", 1, 2, "invalid character '$' in bare key")]
    [InlineData("a# = 1", 1, 2, "invalid character '#' in bare key")]
    [InlineData("ʎǝʞ = 1", 1, 1, "expected a key but found 'ʎ'")]
    [InlineData("\"\"\"a\"\"\" = 1", 1, 1, "multi-line strings cannot be used as keys")]
    [InlineData("'''a''' = 1", 1, 1, "multi-line strings cannot be used as keys")]
    [InlineData("\"a = 1", 1, 7, "unterminated string")]
    [InlineData("\"a\nb\" = 1", 1, 3, "unterminated string")]
    [InlineData("a =", 1, 4, "expected a value but found end of file")]
    [InlineData("a = \nb = 1", 1, 5, "expected a value but found end of line")]
    [InlineData("a = # comment", 1, 5, "expected a value but found '#'")]
    [InlineData("a = 1 b = 2", 1, 7, "unexpected 'b' after the value")]
    [InlineData("a == 1", 1, 4, "expected a value but found '='")]
    public void Parse_InvalidKey_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
