namespace LibreQoS.Toml.Tests.Conformance;

public class DateTimeTests
{
    [Theory]
    [InlineData("a = 1979-05-27T07:32:00Z", 7, 0)]
    [InlineData("a = 1979-05-27T07:32:00z", 7, 0)]
    [InlineData("a = 1979-05-27t07:32:00Z", 7, 0)]
    [InlineData("a = 1979-05-27 07:32:00Z", 7, 0)]
    [InlineData("a = 1979-05-27T00:32:00-07:00", 0, -7 * 60)]
    [InlineData("a = 1979-05-27T13:02:00+05:30", 13, 5 * 60 + 30)]
    [InlineData("a = 1979-05-27T07:32:00+14:00", 7, 14 * 60)]
    public void Parse_OffsetDateTime_ReturnsValue(string toml, int hour, int offsetMinutes)
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>(toml);

        Assert.Equal(TomlDateTimeKind.OffsetDateTime, value.Kind);
        Assert.Equal(new DateTimeOffset(1979, 5, 27, hour, hour == 13 ? 2 : 32, 0, TimeSpan.FromMinutes(offsetMinutes)), value.OffsetValue);
    }

    [Fact]
    public void Parse_OffsetDateTimeWithFraction_KeepsMicroseconds()
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>("a = 1979-05-27T00:32:00.999999-07:00");

        Assert.Equal(new DateTimeOffset(1979, 5, 27, 0, 32, 0, TimeSpan.FromHours(-7)).AddTicks(9_999_990), value.OffsetValue);
    }

    [Fact]
    public void Parse_LocalDateTime_ReturnsUnspecifiedDateTime()
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>("a = 1979-05-27T07:32:00");

        Assert.Equal(TomlDateTimeKind.LocalDateTime, value.Kind);
        Assert.Equal(new DateTime(1979, 5, 27, 7, 32, 0, DateTimeKind.Unspecified), value.LocalValue);
        Assert.Equal(DateTimeKind.Unspecified, value.LocalValue!.Value.Kind);
    }

    [Fact]
    public void Parse_LocalDateTimeWithSpaceAndFraction_ReturnsValue()
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>("a = 1979-05-27 00:32:00.5");

        Assert.Equal(new DateTime(1979, 5, 27, 0, 32, 0, 500, DateTimeKind.Unspecified), value.LocalValue);
    }

    [Theory]
    [InlineData("a = 1979-05-27", 1979, 5, 27)]
    [InlineData("a = 2000-02-29", 2000, 2, 29)]
    [InlineData("a = 2024-02-29", 2024, 2, 29)]
    [InlineData("a = 1979-05-27 # a date, then a comment", 1979, 5, 27)]
    [InlineData("a = 9999-12-31", 9999, 12, 31)]
    public void Parse_LocalDate_ReturnsValue(string toml, int year, int month, int day)
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>(toml);

        Assert.Equal(TomlDateTimeKind.LocalDate, value.Kind);
        Assert.Equal(new DateOnly(year, month, day), value.DateValue);
    }

    [Theory]
    [InlineData("a = 07:32:00", 7, 32, 0, 0L)]
    [InlineData("a = 00:32:00.999999", 0, 32, 0, 9_999_990L)]
    [InlineData("a = 23:59:59.1234567", 23, 59, 59, 1_234_567L)]
    [InlineData("a = 00:00:00.123456789", 0, 0, 0, 1_234_567L)]
    public void Parse_LocalTime_ReturnsValueTruncatedToTicks(string toml, int hour, int minute, int second, long fractionTicks)
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>(toml);

        Assert.Equal(TomlDateTimeKind.LocalTime, value.Kind);
        Assert.Equal(new TimeOnly(new TimeOnly(hour, minute, second).Ticks + fractionTicks), value.TimeValue);
    }

    [Fact]
    public void Parse_DateTime_SetsOnlyThePropertyOfItsKind()
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>("a = 07:32:00");

        Assert.Null(value.OffsetValue);
        Assert.Null(value.LocalValue);
        Assert.Null(value.DateValue);
        Assert.NotNull(value.TimeValue);
    }

    [Theory]
    [InlineData("a = 1979-13-01", 1, 10, "month 13 is out of range")]
    [InlineData("a = 1979-00-01", 1, 10, "month 00 is out of range")]
    [InlineData("a = 1979-02-29", 1, 13, "day 29 is out of range for 1979-02")]
    [InlineData("a = 1900-02-29", 1, 13, "day 29 is out of range")]
    [InlineData("a = 1979-04-31", 1, 13, "day 31 is out of range")]
    [InlineData("a = 1979-05-00", 1, 13, "day 00 is out of range")]
    [InlineData("a = 0000-01-01", 1, 5, "year 0000")]
    [InlineData("a = 1979-5-27", 1, 11, "2 digits for the month")]
    [InlineData("a = 1979-05-7", 1, 14, "2 digits for the day")]
    [InlineData("a = 1979-05-27T24:00:00", 1, 16, "hour 24 is out of range")]
    [InlineData("a = 1979-05-27T07:60:00", 1, 19, "minute 60 is out of range")]
    [InlineData("a = 07:32:60", 1, 11, "second 60 is out of range")]
    [InlineData("a = 1979-05-27T7:32:00", 1, 17, "2 digits for the hour")]
    [InlineData("a = 1979-05-27T07:32", 1, 21, "seconds")]
    [InlineData("a = 1979-05-27 07:32", 1, 21, "seconds")]
    [InlineData("a = 07:32", 1, 10, "seconds")]
    [InlineData("a = 1979-05-27T", 1, 16, "2 digits for the hour")]
    [InlineData("a = 1979-05-27T07:32:00.", 1, 25, "digits after '.'")]
    [InlineData("a = 1979-05-27X07:32:00", 1, 15, "expected 'T' or a space")]
    [InlineData("a = 1979-05-27T07:32:00+24:00", 1, 25, "offset hour 24 is out of range")]
    [InlineData("a = 1979-05-27T07:32:00+05:60", 1, 28, "offset minute 60 is out of range")]
    [InlineData("a = 1979-05-27T07:32:00+15:00", 1, 24, "supported range")]
    [InlineData("a = 1979-05-27T07:32:00+0530", 1, 27, "expected ':' in the UTC offset")]
    [InlineData("a = 1979-05-27T07:32:00Zx", 1, 25, "unexpected 'x' in date-time")]
    [InlineData("a = 07:32:00Z", 1, 13, "unexpected 'Z' in date-time")]
    [InlineData("a = 0001-01-01T00:00:00+01:00", 1, 5, "outside the range")]
    [InlineData("a = 1979-05-27  07:32:00", 1, 17, "unexpected '0' after the value")]
    public void Parse_InvalidDateTime_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
