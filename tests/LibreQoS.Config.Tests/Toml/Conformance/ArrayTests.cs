using LibreQoS.Config.Toml;
using Tomlyn;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml.Conformance;

public class ArrayTests
{
    [Theory]
    [InlineData("a = [1, 2, 3]")]
    [InlineData("a = [1,2,3]")]
    [InlineData("a = [ 1, 2, 3, ]")]
    [InlineData("a = [\n  1,\n  2,\n  3\n]")]
    [InlineData("a = [\r\n  1, # one\r\n  2,\r\n  # between\r\n  3,\r\n]")]
    [InlineData("a = [ # opening comment\n1, 2, 3 # trailing comment\n]")]
    public void Parse_IntegerArray_ReturnsElementsInOrder(string toml)
    {
        var array = TomlAssert.ValueOfA<TomlArray>(toml);

        Assert.Equal([1L, 2L, 3L], array.Select(TomlAssert.Integer));
        Assert.IsNotType<TomlTableArray>(array);
    }

    [Theory]
    [InlineData("a = []")]
    [InlineData("a = [ ]")]
    [InlineData("a = [\n# nothing here\n]")]
    public void Parse_EmptyArray_HasNoElements(string toml)
    {
        Assert.Empty(TomlAssert.ValueOfA<TomlArray>(toml));
    }

    [Fact]
    public void Parse_NestedArrays_BuildsNestedStructure()
    {
        var array = TomlAssert.ValueOfA<TomlArray>("a = [[1, 2], [\"x\", 'y', \"\"\"z\"\"\"], []]");

        Assert.Equal([1L, 2L], TomlAssert.Array(array[0]).Select(TomlAssert.Integer));
        Assert.Equal(["x", "y", "z"], TomlAssert.Array(array[1]).Select(TomlAssert.String));
        Assert.Empty(TomlAssert.Array(array[2]));
    }

    [Fact]
    public void Parse_MixedTypes_AllowedInToml10()
    {
        var array = TomlAssert.ValueOfA<TomlArray>("a = [0.1, \"x\", 1, true, 1979-05-27, [2], { b = 3 }]");

        Assert.Equal(["float", "string", "integer", "boolean", "datetime", "array", "table"], array.Select(TomlSource.TypeName));
    }

    [Fact]
    public void Parse_ArrayOfInlineTables_ReturnsTables()
    {
        var array = TomlAssert.ValueOfA<TomlArray>("a = [ { x = 1, y = 2 },\n      { x = 7, y = 8 } ]");

        Assert.Equal([7L, 8L], TomlAssert.Table(array[1]).Select(pair => TomlAssert.Integer(pair.Value)));
        Assert.All(array, node => Assert.Equal(ObjectKind.InlineTable, TomlAssert.Table(node).Kind));
    }

    [Fact]
    public void Parse_StringsWithDelimiters_AreNotSplit()
    {
        var array = TomlAssert.ValueOfA<TomlArray>("a = [\"]\", \",\", '#', \"[\"]");

        Assert.Equal(["]", ",", "#", "["], array.Select(TomlAssert.String));
    }

    [Fact]
    public void Parse_DateTimesWithSpaceSeparator_AreElements()
    {
        var array = TomlAssert.ValueOfA<TomlArray>("a = [1979-05-27 07:32:00, 1979-05-28]");

        Assert.Equal([TomlDateTimeKind.LocalDateTime, TomlDateTimeKind.LocalDate], array.Select(node => Assert.IsType<TomlDateTime>(node).Kind));
    }

    [Theory]
    [InlineData("a = [1 2]", 1, 8, "Missing a `,` (token: comma) to separate items in an array")]
    [InlineData("a = [1,,2]", 1, 8, "Unexpected token `,` for a value")]
    [InlineData("a = [,]", 1, 6, "Unexpected token `,` for a value")]
    [InlineData("a = [1, 2", 1, 10, "Unexpected token `<eof>` (token: `Eof`). Expecting a closing `]` for an array")]
    [InlineData("a = [1,\n", 1, 1, "Unexpected token `<eof>`")]
    [InlineData("a = [1, 2 # ]", 1, 14, "Unexpected token `<eof>` (token: `Eof`). Expecting a closing `]` for an array")]
    [InlineData("a = [\n  1\n  2\n]", 3, 3, "Missing a `,` (token: comma) to separate items in an array")]
    [InlineData("a = [ = ]", 1, 7, "Unexpected token `=` for a value")]
    [InlineData("a = [1] 2", 1, 9, "Unexpected token found `2` (token: `integer`) while expecting token `newline`")]
    [InlineData("a = [1, 2]]", 1, 11, "Unexpected token found `]` (token: `closebracket`) while expecting token `newline`")]
    [InlineData("a = [1, \"x]", 1, 11, "Invalid End-Of-File found on string literal")]
    [InlineData("a = [1, 01]", 1, 9, "Unexpected leading zero (`0`) for integer `01`")]
    public void Parse_InvalidArray_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }

    [Fact]
    public void Parse_HostileNesting_FailsCleanlyInsteadOfOverflowingTheStack()
    {
        string toml = "a = " + new string('[', 100_000) + new string(']', 100_000);

        TomlAssert.Fails(toml, 0, 0, "The maximum depth of 64 has been exceeded");
    }

    [Fact]
    public void Parse_NestingWithinTomlynsDepthLimit_IsAccepted()
    {
        string toml = "a = " + new string('[', 60) + new string(']', 60);

        Assert.NotNull(TomlAssert.Parse(toml)["a"]);
    }
}
