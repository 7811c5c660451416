using System.Numerics;
using LibreQoS.Python.Conversion;

namespace LibreQoS.Python.Tests.Conversion;

[Collection(PythonCollectionDefinition.Name)]
public sealed class PyConverterTests(PythonRuntimeFixture python)
{
    // eval() called from the host has no calling frame to take globals from.
    private static readonly Dictionary<string, object?> NoGlobals = [];

    public static TheoryData<object?, string> Scalars => new()
    {
        { null, "None" },
        { true, "True" },
        { false, "False" },
        { 42L, "42" },
        { long.MaxValue, "9223372036854775807" },
        { long.MinValue, "-9223372036854775808" },
        { BigInteger.Pow(2, 200), BigInteger.Pow(2, 200).ToString() },
        { -BigInteger.Pow(3, 90), (-BigInteger.Pow(3, 90)).ToString() },
        { 1.5, "1.5" },
        { -0.1, "-0.1" },
        { "", "''" },
        { "héllo ✓ 𝄞 日本", "'héllo ✓ 𝄞 日本'" },
        { "nul\0inside", "'nul\\x00inside'" },
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public async Task ToPythonAndBack_Scalar_SameValueAndPythonRepr(object? value, string expectedRepr)
    {
        var repr = await python.Runtime.CallAsync("builtins", "repr", value);
        var back = await python.Runtime.CallAsync("builtins", "eval", expectedRepr, NoGlobals);

        Assert.Equal(expectedRepr, repr);
        Assert.Equal(value, back);
    }

    [Theory]
    [InlineData((byte)7)]
    [InlineData((short)-7)]
    [InlineData(7)]
    [InlineData(7u)]
    [InlineData(7f)]
    public async Task ToPython_OtherNumericTypes_ComeBackAsLongOrDouble(object value)
    {
        var back = await python.Runtime.CallAsync("builtins", "abs", value);

        Assert.Equal(value is float ? 7.0 : (object)7L, back);
    }

    [Fact]
    public async Task ToPython_UlongMax_ComesBackAsBigInteger()
    {
        Assert.Equal(new BigInteger(ulong.MaxValue), await python.Runtime.CallAsync("builtins", "abs", ulong.MaxValue));
    }

    [Fact]
    public async Task ToPythonAndBack_NestedListsAndDicts_PreservedWithPythonShapes()
    {
        var value = new Dictionary<string, object?>
        {
            ["name"] = "site-α",
            ["rates"] = new List<object?> { 100L, 2.5, null },
            ["children"] = new object?[] { new Dictionary<string, object?> { ["leaf"] = true }, new List<object?>() },
        };

        var repr = await python.Runtime.CallAsync("builtins", "repr", value);
        var back = (Dictionary<object, object?>)(await python.Runtime.CallAsync("copy", "deepcopy", value))!;

        Assert.Equal("{'name': 'site-α', 'rates': [100, 2.5, None], 'children': [{'leaf': True}, []]}", repr);
        Assert.Equal("site-α", back["name"]);
        Assert.Equal([100L, 2.5, null], (List<object?>)back["rates"]!);
        var children = (List<object?>)back["children"]!;
        Assert.Equal(true, ((Dictionary<object, object?>)children[0]!)["leaf"]);
        Assert.Empty((List<object?>)children[1]!);
    }

    [Fact]
    public async Task ToClr_TupleAndIntKeys_ListAndLongKeys()
    {
        var tuple = await python.Runtime.CallAsync("builtins", "tuple", new List<object?> { 1, "x" });
        var dict = (Dictionary<object, object?>)(await python.Runtime.CallAsync("builtins", "eval", "{1: 'one', 'two': 2}", NoGlobals))!;

        Assert.Equal([1L, "x"], (List<object?>)tuple!);
        Assert.Equal("one", dict[1L]);
        Assert.Equal(2L, dict["two"]);
    }

    [Fact]
    public async Task ToClr_SelfContainingList_NotSupportedInsteadOfStackOverflow()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() => python.Runtime.CallAsync("builtins", "eval", "(lambda l: (l.append(l), l)[1])([])", NoGlobals));
    }

    [Fact]
    public async Task ToPython_UnsupportedDotNetType_NotSupported()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() => python.Runtime.CallAsync("builtins", "repr", DateTime.UnixEpoch));
    }

    [Fact]
    public async Task ToClr_StringWithLoneSurrogate_PythonException()
    {
        var ex = await Assert.ThrowsAsync<PythonException>(() => python.Runtime.CallAsync("builtins", "chr", 0xD800));

        Assert.Equal("UnicodeEncodeError", ex.PythonType);
    }

    [Fact]
    public async Task Conversions_HundredThousandRoundTrips_NoPythonMemoryOrReferenceGrowth()
    {
        var nested = new Dictionary<string, object?> { ["k"] = new List<object?> { 1L, "two", 3.0, null, true, BigInteger.Pow(2, 70) } };
        await RoundTrips(nested, 1_000); // warm up caches and free lists
        var countsBefore = await ReferenceCounts();
        long blocksBefore = (long)(await python.Runtime.CallAsync("sys", "getallocatedblocks"))!;
        long rssBefore = Environment.WorkingSet;

        await RoundTrips(nested, 100_000);

        var countsAfter = await ReferenceCounts();
        long blocksAfter = (long)(await python.Runtime.CallAsync("sys", "getallocatedblocks"))!;
        for (int i = 0; i < countsBefore.Count; i++)
            Assert.InRange((long)countsAfter[i]! - (long)countsBefore[i]!, -50, 50);
        Assert.InRange(blocksAfter - blocksBefore, -1_000, 1_000);
        Assert.InRange(Environment.WorkingSet - rssBefore, long.MinValue, 64L * 1024 * 1024);
    }

    /// <summary>References to None, True and the built-in types: a leak of any of them shows here.</summary>
    private async Task<List<object?>> ReferenceCounts() => (List<object?>)(await python.Runtime.CallAsync("builtins", "eval",
        "[__import__('sys').getrefcount(x) for x in (None, True, int, float, str, list, tuple, dict)]", NoGlobals))!;

    private Task<bool> RoundTrips(object value, int count) => python.Runtime.InvokeAsync(() =>
    {
        for (int i = 0; i < count; i++)
        {
            using var handle = PyConverter.ToPython(value);
            _ = PyConverter.ToClr(handle);
        }
        return true;
    });
}
