namespace Provenance.Grpc.Tests.Protocol;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain ASCII stays as is", "plain ASCII stays as is")]
    [InlineData("50% done", "50%25 done")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("ünïcode ✓", "%C3%BCn%C3%AFcode %E2%9C%93")]
    [InlineData("tab\there~", "tab%09here~")]
    public void Encodes_bytes_outside_printable_ascii_and_percent(string text, string encoded)
    {
        Assert.Equal(encoded, PercentEncoding.Encode(text));
        Assert.Equal(text, PercentEncoding.Decode(encoded));
    }

    [Theory]
    [InlineData("%", "%")]
    [InlineData("100%", "100%")]
    [InlineData("%zz and %4", "%zz and %4")]
    [InlineData("%e2%9c%93", "✓")]
    [InlineData("%C3", "\uFFFD")]
    public void Decoding_never_fails_on_broken_input(string encoded, string decoded) =>
        Assert.Equal(decoded, PercentEncoding.Decode(encoded));

    [Fact]
    public void Every_byte_round_trips()
    {
        var text = string.Concat(Enumerable.Range(1, 0x2FF).Select(c => (char)c));
        var encoded = PercentEncoding.Encode(text);
        Assert.All(encoded, c => Assert.InRange(c, (char)0x20, (char)0x7E));
        Assert.Equal(text, PercentEncoding.Decode(encoded));
    }
}
