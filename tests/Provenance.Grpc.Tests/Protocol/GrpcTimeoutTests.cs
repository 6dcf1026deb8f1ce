namespace Provenance.Grpc.Tests.Protocol;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("30S", 300_000_000L)]
    [InlineData("1500m", 15_000_000L)]
    [InlineData("2500u", 25_000L)]
    [InlineData("250n", 3L)] // 2.5 ticks, rounded up
    [InlineData("1n", 1L)]
    [InlineData("0m", 0L)]
    [InlineData("99999999H", 99_999_999L * 36_000_000_000L)]
    public void Parses_every_unit(string header, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("10x")]
    [InlineData("-1S")]
    [InlineData("+1S")]
    [InlineData(" 1S")]
    [InlineData("1 S")]
    [InlineData("1.5S")]
    [InlineData("123456789S")]
    [InlineData("1SS")]
    public void Rejects_values_outside_the_grammar(string header) =>
        Assert.False(GrpcTimeout.TryParse(header, out _));

    [Theory]
    [InlineData(1L, "100n")]
    [InlineData(999_999L, "99999900n")]
    [InlineData(1_000_000L, "100000u")]
    [InlineData(50_000_000L, "5000000u")]
    [InlineData(10_000_000_000L, "1000000m")]
    [InlineData(10_000_000_001L, "1000001m")]
    public void Formats_in_the_finest_unit_that_fits_rounding_up(long ticks, string header) =>
        Assert.Equal(header, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.25)]
    [InlineData(30)]
    [InlineData(86_400)]
    [InlineData(10_000_000)]
    public void Formatted_timeouts_parse_back_never_shorter(double seconds)
    {
        var timeout = TimeSpan.FromSeconds(seconds);
        var header = GrpcTimeout.Format(timeout);
        Assert.InRange(header.Length, 2, 9);
        Assert.True(GrpcTimeout.TryParse(header, out var parsed));
        Assert.True(parsed >= timeout, $"{header} parsed as {parsed}, shorter than {timeout}");
    }
}
