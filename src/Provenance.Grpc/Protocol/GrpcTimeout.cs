namespace Provenance.Grpc;

/// <summary>
/// The <c>grpc-timeout</c> header: a positive integer of at most 8 ASCII digits followed by a unit
/// (H hours, M minutes, S seconds, m milliseconds, u microseconds, n nanoseconds).
/// </summary>
internal static class GrpcTimeout
{
    private const int MaxDigits = 8;
    private const long MaxValue = 99_999_999;

    /// <summary>Parses a header value; false for anything outside the grammar.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan timeout)
    {
        timeout = default;
        if (text.Length < 2 || text.Length > MaxDigits + 1)
        {
            return false;
        }
        long value = 0;
        foreach (var c in text[..^1])
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        // Nanoseconds and microseconds are rounded up to whole ticks so that a tiny timeout is not "none".
        long ticks;
        switch (text[^1])
        {
            case 'H': ticks = value * TimeSpan.TicksPerHour; break;
            case 'M': ticks = value * TimeSpan.TicksPerMinute; break;
            case 'S': ticks = value * TimeSpan.TicksPerSecond; break;
            case 'm': ticks = value * TimeSpan.TicksPerMillisecond; break;
            case 'u': ticks = value * TimeSpan.TicksPerMicrosecond; break;
            case 'n': ticks = (value + 99) / 100; break;
            default: return false;
        }
        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>
    /// Formats a timeout in the finest unit that fits in 8 digits, rounding up so that the server never sees a
    /// shorter deadline than the client's.
    /// </summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(0, timeout.Ticks);
        if (ticks <= MaxValue / 100)
        {
            return Text(ticks * 100, 'n');
        }
        foreach (var (ticksPerUnit, unit) in CoarserUnits)
        {
            var value = (ticks + ticksPerUnit - 1) / ticksPerUnit;
            if (value <= MaxValue)
            {
                return Text(value, unit);
            }
        }
        return Text(MaxValue, 'H');
    }

    private static readonly (long TicksPerUnit, char Unit)[] CoarserUnits =
    [
        (TimeSpan.TicksPerMicrosecond, 'u'),
        (TimeSpan.TicksPerMillisecond, 'm'),
        (TimeSpan.TicksPerSecond, 'S'),
        (TimeSpan.TicksPerMinute, 'M'),
        (TimeSpan.TicksPerHour, 'H'),
    ];

    private static string Text(long value, char unit) =>
        value.ToString(System.Globalization.CultureInfo.InvariantCulture) + unit;
}
