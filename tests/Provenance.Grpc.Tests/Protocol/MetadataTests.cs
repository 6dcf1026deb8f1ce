namespace Provenance.Grpc.Tests.Protocol;

public sealed class MetadataTests
{
    [Fact]
    public void Keys_are_lower_cased_and_looked_up_without_regard_to_case()
    {
        var metadata = new Metadata().Add("X-Request-Id", "abc");
        Assert.Equal("x-request-id", metadata[0].Key);
        Assert.Equal("abc", metadata.GetValue("x-REQUEST-id"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("colon:")]
    [InlineData(":path")]
    [InlineData("ünicode")]
    [InlineData("grpc-status")]
    [InlineData("grpc-custom")]
    public void Invalid_or_reserved_keys_are_refused(string key) =>
        Assert.ThrowsAny<ArgumentException>(() => new Metadata().Add(key, "v"));

    [Fact]
    public void Binary_keys_take_bytes_and_ascii_keys_take_printable_text()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("data-bin", "text"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("data", new byte[] { 1 }));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("data", "line\nbreak"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("data", "ü"));

        var bytes = new byte[] { 0, 255, 10 };
        var metadata = new Metadata().Add("data-bin", bytes);
        bytes[0] = 7; // the entry keeps its own copy
        Assert.Equal(new byte[] { 0, 255, 10 }, metadata.GetValueBytes("data-bin"));
        Assert.True(metadata[0].IsBinary);
    }

    [Theory]
    [InlineData("AAEC", new byte[] { 0, 1, 2 })]
    [InlineData("AAECAw", new byte[] { 0, 1, 2, 3 })]
    [InlineData("AAECAw==", new byte[] { 0, 1, 2, 3 })]
    [InlineData("AAECAwQ", new byte[] { 0, 1, 2, 3, 4 })]
    [InlineData("", new byte[0])]
    public void Binary_values_decode_padded_or_not(string base64, byte[] expected)
    {
        Assert.True(MetadataCodec.TryDecodeBase64(base64, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("AAE$")]
    [InlineData("AAECA===")]
    public void Broken_base64_is_refused(string base64) => Assert.False(MetadataCodec.TryDecodeBase64(base64, out _));

    [Fact]
    public void Joined_binary_values_are_split_before_decoding_and_reserved_headers_skipped()
    {
        var metadata = new Metadata();
        MetadataCodec.AddReceived(metadata, "x-data-bin", ["AAE,AgM", "BA=="]);
        MetadataCodec.AddReceived(metadata, "grpc-timeout", ["1S"]);
        MetadataCodec.AddReceived(metadata, "content-type", ["application/grpc"]);
        MetadataCodec.AddReceived(metadata, "X-Plain", ["a,b"]);

        Assert.Equal(
            [[0, 1], [2, 3], [4]],
            metadata.GetAll("x-data-bin").Select(e => e.ValueBytes.ToArray()).ToArray());
        Assert.Equal("a,b", metadata.GetValue("x-plain"));
        Assert.Equal(4, metadata.Count);
    }

    [Fact]
    public void Undecodable_binary_metadata_is_an_internal_error()
    {
        var error = Assert.Throws<RpcException>(() => MetadataCodec.AddReceived(new Metadata(), "x-bin", ["@@@"]));
        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public void Binary_values_are_sent_unpadded()
    {
        var entry = new Metadata().Add("x-bin", [0, 1, 2, 3])[0];
        Assert.Equal("AAECAw", MetadataCodec.ToHeaderValue(entry));
    }
}
