using System.Globalization;

namespace LibreQoS.Toml;

/// <summary>Parses one offset date-time, local date-time, local date or local time token (RFC 3339 as restricted by TOML 1.0).</summary>
internal sealed class DateTimeParser(SourceText source, string token, int tokenOffset)
{
    // DateTimeOffset supports offsets up to ±14:00 (as do real time zones), although RFC 3339 allows up to ±23:59.
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    private int _index;

    public static bool LooksLikeDateTime(string token) => LooksLikeDate(token) || LooksLikeTime(token);

    public static bool LooksLikeDate(ReadOnlySpan<char> text) =>
        text.Length >= 5 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && char.IsAsciiDigit(text[3]) && text[4] == '-';

    public TomlDateTime Parse()
    {
        if (LooksLikeTime(token))
        {
            var time = ReadTime();
            ExpectEnd();
            return new TomlDateTime(time);
        }

        var date = ReadDate();
        if (_index == token.Length)
        {
            return new TomlDateTime(date);
        }

        if (token[_index] is not ('T' or 't' or ' '))
        {
            throw Error(_index, "expected 'T' or a space between the date and the time");
        }

        _index++;
        var local = date.ToDateTime(ReadTime());
        if (_index == token.Length)
        {
            return new TomlDateTime(local);
        }

        var offset = ReadOffset();
        ExpectEnd();
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            throw Error(0, "date-time is outside the range .NET can represent");
        }

        return new TomlDateTime(new DateTimeOffset(local, offset));
    }

    private static bool LooksLikeTime(string token) =>
        token.Length >= 3 && char.IsAsciiDigit(token[0]) && char.IsAsciiDigit(token[1]) && token[2] == ':';

    private DateOnly ReadDate()
    {
        var yearAt = _index;
        var year = ReadNumber(4, "year");
        Expect('-', "expected '-' between the year and the month");
        var monthAt = _index;
        var month = ReadNumber(2, "month");
        Expect('-', "expected '-' between the month and the day");
        var dayAt = _index;
        var day = ReadNumber(2, "day");
        if (year == 0)
        {
            throw Error(yearAt, "year 0000 is not supported");
        }

        if (month is < 1 or > 12)
        {
            throw Error(monthAt, $"month {month:00} is out of range (01-12)");
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw Error(dayAt, $"day {day:00} is out of range for {year:0000}-{month:00}");
        }

        return new DateOnly(year, month, day);
    }

    private TimeOnly ReadTime()
    {
        var hourAt = _index;
        var hour = ReadNumber(2, "hour");
        Expect(':', "expected ':' after the hour");
        var minuteAt = _index;
        var minute = ReadNumber(2, "minute");
        Expect(':', "expected ':' and seconds after the minute (TOML 1.0 times are hh:mm:ss)");
        var secondAt = _index;
        var second = ReadNumber(2, "second");
        var fractionTicks = _index < token.Length && token[_index] == '.' ? ReadFractionTicks() : 0;
        if (hour > 23)
        {
            throw Error(hourAt, $"hour {hour:00} is out of range (00-23)");
        }

        if (minute > 59)
        {
            throw Error(minuteAt, $"minute {minute:00} is out of range (00-59)");
        }

        // RFC 3339 allows second 60 for a leap second, but DateTime and TimeOnly cannot hold one;
        // rejecting it is better than silently moving the value to the next minute.
        if (second > 59)
        {
            throw Error(secondAt, $"second {second:00} is out of range (00-59; leap seconds are not supported)");
        }

        return new TimeOnly(new TimeOnly(hour, minute, second).Ticks + fractionTicks);
    }

    private long ReadFractionTicks()
    {
        _index++;
        var start = _index;
        while (_index < token.Length && char.IsAsciiDigit(token[_index]))
        {
            _index++;
        }

        if (_index == start)
        {
            throw Error(_index, "expected digits after '.' in the seconds");
        }

        // Ticks are 100 ns, i.e. 7 fractional digits; further digits are truncated.
        var digits = token[start..Math.Min(_index, start + 7)].PadRight(7, '0');
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }

    private TimeSpan ReadOffset()
    {
        var start = _index;
        var sign = token[_index++];
        if (sign is 'Z' or 'z')
        {
            return TimeSpan.Zero;
        }

        if (sign is not ('+' or '-'))
        {
            throw Error(start, $"unexpected {Characters.Describe(sign)} after the time; expected 'Z' or a UTC offset such as +05:30");
        }

        var hourAt = _index;
        var hours = ReadNumber(2, "offset hours");
        Expect(':', "expected ':' in the UTC offset");
        var minuteAt = _index;
        var minutes = ReadNumber(2, "offset minutes");
        if (hours > 23)
        {
            throw Error(hourAt, $"offset hour {hours:00} is out of range (00-23)");
        }

        if (minutes > 59)
        {
            throw Error(minuteAt, $"offset minute {minutes:00} is out of range (00-59)");
        }

        var offset = new TimeSpan(hours, minutes, 0);
        if (offset > MaxOffset)
        {
            throw Error(start, $"UTC offset {token[start..]} is outside the supported range (-14:00 to +14:00)");
        }

        return sign == '-' ? -offset : offset;
    }

    private int ReadNumber(int digits, string field)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            if (_index >= token.Length || !char.IsAsciiDigit(token[_index]))
            {
                throw Error(_index, $"expected {digits} digits for the {field}");
            }

            value = (value * 10) + (token[_index++] - '0');
        }

        return value;
    }

    private void Expect(char expected, string reason)
    {
        if (_index >= token.Length || token[_index] != expected)
        {
            throw Error(_index, reason);
        }

        _index++;
    }

    private void ExpectEnd()
    {
        if (_index < token.Length)
        {
            throw Error(_index, $"unexpected {Characters.Describe(token[_index])} in date-time");
        }
    }

    private TomlException Error(int index, string reason) => source.Error(tokenOffset + index, reason);
}
