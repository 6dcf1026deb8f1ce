using Google.Protobuf;
using Provenance.Grpc.Client;
using Provenance.Grpc.Tests.Echo;
using Provenance.Grpc.Tests.Infrastructure;
using Provenance.Grpc.Tests.Protocol;

namespace Provenance.Grpc.Tests.Client;

/// <summary>gzip message compression and its negotiation, checked on the wire.</summary>
[Collection(EchoHostCollection.Name)]
public sealed class CompressionTests(EchoHostFixture fixture)
{
    private readonly EchoHost _host = fixture.Host;

    [Fact]
    public async Task A_gzip_client_gets_gzip_responses_from_a_server_without_its_own_policy()
    {
        using var channel = _host.CreateChannel(new GrpcChannelOptions { SendCompression = "gzip" });
        var payload = ByteString.CopyFrom(EchoService.Pattern(200_000));
        var call = channel.UnaryCall(EchoMethods.Unary, new EchoRequest { Payload = payload });
        var response = await call;

        Assert.Equal("gzip", response.RequestEncoding);
        Assert.Equal(payload, response.Payload);
        Assert.Equal(1, call.CompressedMessagesReceived);
        Assert.Equal("gzip", call.GetTrailers().GetValue("x-response-encoding"));
    }

    [Fact]
    public async Task Compression_can_be_chosen_per_call()
    {
        using var channel = _host.CreateChannel(new GrpcChannelOptions { SendCompression = "gzip" });
        var call = channel.UnaryCall(EchoMethods.Unary, new EchoRequest { Text = "plain" }, new CallOptions { SendCompression = "identity" });
        Assert.Equal("", (await call).RequestEncoding);
        Assert.Equal(0, call.CompressedMessagesReceived);
    }

    [Fact]
    public async Task Gzip_streams_work_in_both_directions()
    {
        using var channel = _host.CreateChannel(new GrpcChannelOptions { SendCompression = "gzip" });
        using var call = channel.DuplexStreamingCall(EchoMethods.Bidi);
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "z" + i, Payload = ByteString.CopyFrom(new byte[10_000 * i]) });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal(10_000 * i, call.ResponseStream.Current.Payload.Length);
            Assert.Equal("gzip", call.ResponseStream.Current.RequestEncoding);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task The_server_compresses_only_for_clients_that_accept_gzip()
    {
        var request = RawGrpc.Frame(MessageReaderTests.Gzip(new EchoRequest { ResponseSize = 5000 }.ToByteArray()), flag: 1);

        var accepting = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName, request,
            ("grpc-encoding", "gzip"), ("grpc-accept-encoding", "identity, gzip"));
        Assert.Equal(StatusCode.OK, accepting.GrpcStatus);
        Assert.Equal("gzip", accepting.Headers["grpc-encoding"]);
        var (flag, compressed) = accepting.Messages().Single();
        Assert.Equal(1, flag);
        var inflated = EchoResponse.Parser.ParseFrom(Gunzip(compressed));
        Assert.Equal(5000, inflated.Payload.Length);

        var notAccepting = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName, request,
            ("grpc-encoding", "gzip"), ("grpc-accept-encoding", "identity"));
        Assert.Equal(StatusCode.OK, notAccepting.GrpcStatus);
        Assert.False(notAccepting.Headers.ContainsKey("grpc-encoding"));
        Assert.Equal(0, notAccepting.Messages().Single().Flag);
    }

    [Fact]
    public async Task A_server_policy_compresses_for_identity_requests_when_the_client_accepts_gzip()
    {
        await using var host = await EchoHost.StartAsync(options => options.ResponseCompression = "gzip");
        using var channel = host.CreateChannel();
        var call = channel.ServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Repeat = 3, ResponseSize = 10_000 });
        var count = 0;
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(10_000, response.Payload.Length);
            count++;
        }
        Assert.Equal(3, count);
        Assert.Equal(3, call.CompressedMessagesReceived);
    }

    [Fact]
    public async Task Every_response_to_a_client_that_accepts_only_identity_is_uncompressed()
    {
        await using var host = await EchoHost.StartAsync(options => options.ResponseCompression = "gzip");
        var response = await RawGrpc.SendAsync(host.Address, EchoMethods.ServerStream.FullName,
            RawGrpc.Frame(new EchoRequest { Repeat = 2, ResponseSize = 1000 }));
        Assert.All(response.Messages(), m => Assert.Equal(0, m.Flag));
        Assert.Equal(2, response.Messages().Count);
    }

    [Fact]
    public async Task An_unsupported_encoding_is_unimplemented_and_lists_what_the_server_accepts()
    {
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName,
            RawGrpc.Frame([1, 2, 3, 4], flag: 1), ("grpc-encoding", "snappy"));
        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
        Assert.Contains("snappy", response.GrpcMessage);
        var accepted = response.Headers["grpc-accept-encoding"].Split(',').Select(e => e.Trim()).ToArray();
        Assert.Contains("identity", accepted);
        Assert.Contains("gzip", accepted);
        Assert.DoesNotContain("snappy", accepted);
    }

    [Fact]
    public async Task Uncompressed_messages_work_whatever_encoding_is_declared()
    {
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName,
            RawGrpc.Frame(new EchoRequest { Text = "identity always works" }), ("grpc-encoding", "snappy"));
        Assert.Equal(StatusCode.OK, response.GrpcStatus);
    }

    [Fact]
    public async Task The_compressed_flag_without_grpc_encoding_is_internal()
    {
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName,
            RawGrpc.Frame(MessageReaderTests.Gzip(new EchoRequest { Text = "x" }.ToByteArray()), flag: 1));
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
    }

    [Fact]
    public async Task A_gzip_bomb_is_resource_exhausted()
    {
        // 64 MiB of zeros in about 64 KB: far below the 1 MiB limit on the wire, far above it inflated.
        var bomb = MessageReaderTests.Gzip(new byte[64 * 1024 * 1024]);
        Assert.True(bomb.Length < EchoHost.ReceiveLimit);
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName, RawGrpc.Frame(bomb, flag: 1), ("grpc-encoding", "gzip"));
        Assert.Equal(StatusCode.ResourceExhausted, response.GrpcStatus);
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress);
        var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
