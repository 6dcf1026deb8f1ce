using Provenance.Grpc.Client;
using Provenance.Grpc.Tests.Echo;
using Provenance.Grpc.Tests.Infrastructure;

namespace Provenance.Grpc.Tests.Client;

/// <summary>Custom metadata both ways, ASCII and binary.</summary>
[Collection(EchoHostCollection.Name)]
public sealed class MetadataCallTests(EchoHostFixture fixture)
{
    private static readonly byte[] AllBytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    private readonly EchoHost _host = fixture.Host;

    [Fact]
    public async Task Ascii_and_binary_metadata_reach_the_handler_and_come_back()
    {
        using var channel = _host.CreateChannel();
        var headers = new Metadata()
            .Add("authorization", "Bearer example-key")
            .Add("x-echo-text", "plain value")
            .Add("x-echo-data-bin", AllBytes)
            .Add("x-echo-data-bin", [])
            .Add("x-echo-data-bin", [0xFF]);
        var call = channel.UnaryCall(EchoMethods.Unary, new EchoRequest(), new CallOptions { Headers = headers });
        var response = await call;

        var seen = response.Metadata.ToLookup(m => m.Key);
        Assert.Equal("Bearer example-key", seen["authorization"].Single().Value);
        Assert.Equal("plain value", seen["x-echo-text"].Single().Value);
        Assert.Equal([AllBytes, [], [0xFF]], seen["x-echo-data-bin"].Select(m => m.ValueBytes.ToByteArray()).ToArray());
        Assert.Contains(response.Metadata, m => m.Key == "user-agent" && m.Value.StartsWith("grpc-dotnet-provenance/"));
        Assert.DoesNotContain(response.Metadata, m => m.Key.StartsWith("grpc-") || m.Key is "te" or "content-type");

        var responseHeaders = await call.ResponseHeadersAsync;
        Assert.Equal("plain value", responseHeaders.GetValue("x-echo-text"));
        Assert.Equal([AllBytes, [], [0xFF]], responseHeaders.GetAll("x-echo-data-bin").Select(e => e.ValueBytes.ToArray()).ToArray());
        Assert.Equal(AllBytes, call.GetTrailers().GetValueBytes("x-echo-data-bin"));
    }

    [Fact]
    public async Task The_server_accepts_padded_unpadded_and_joined_binary_values()
    {
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName, RawGrpc.Frame(new EchoRequest()),
            ("x-a-bin", "AAEC"), ("x-b-bin", "AAECAw=="), ("x-c-bin", "AAE,AgM"));
        var echoed = EchoResponse.Parser.ParseFrom(response.Messages()[0].Payload).Metadata;

        Assert.Equal([0, 1, 2], echoed.Single(m => m.Key == "x-a-bin").ValueBytes.ToByteArray());
        Assert.Equal([0, 1, 2, 3], echoed.Single(m => m.Key == "x-b-bin").ValueBytes.ToByteArray());
        Assert.Equal([[0, 1], [2, 3]], echoed.Where(m => m.Key == "x-c-bin").Select(m => m.ValueBytes.ToByteArray()).ToArray());
    }

    [Fact]
    public async Task Binary_metadata_that_is_not_base64_is_refused()
    {
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName, RawGrpc.Frame(new EchoRequest()), ("x-broken-bin", "**not base64**"));
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("x-broken-bin", response.GrpcMessage);
    }
}
