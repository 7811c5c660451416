using LibreQoS.Core.Shaping;

namespace LibreQoS.Core.Tests.Devices;

public class SqmOverrideTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("cake", true)]
    [InlineData("FQ_CODEL", true)]
    [InlineData("none", true)]
    [InlineData("cake/fq_codel", true)]
    [InlineData("/none", true)]
    [InlineData("fq_codel/", true)]
    [InlineData("sfq", false)]
    [InlineData("cake/sfq", false)]
    public void IsValid_Token_AcceptsUpstreamForms(string text, bool expected) =>
        Assert.Equal(expected, SqmOverride.IsValid(text));
}
