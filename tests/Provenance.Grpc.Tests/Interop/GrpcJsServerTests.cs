using Google.Protobuf;
using Provenance.Grpc.Client;
using Provenance.Grpc.Tests.Echo;
using Provenance.Testing.Interop;
using Provenance.Testing.Processes;

namespace Provenance.Grpc.Tests.Interop;

/// <summary>Our client against an independent server: the echo service on grpc-js (tests/interop/grpc-echo-server.mjs).</summary>
public sealed class GrpcJsServerTests(GrpcJsServerFixture fixture) : IClassFixture<GrpcJsServerFixture>
{
    private GrpcChannel Channel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(fixture.Address, options);

    [Fact]
    public async Task Unary_with_metadata_both_ways()
    {
        using var channel = Channel();
        var headers = new Metadata().Add("x-echo-note", "from dotnet").Add("x-echo-blob-bin", [0, 1, 2, 0xFE, 0xFF]);
        var call = channel.UnaryCall(EchoMethods.Unary, new EchoRequest { Text = "to grpc-js", Payload = ByteString.CopyFromUtf8("xyz") }, new CallOptions { Headers = headers });
        var response = await call;

        Assert.Equal("to grpc-js", response.Text);
        Assert.Equal("xyz", response.Payload.ToStringUtf8());
        Assert.Equal([0, 1, 2, 0xFE, 0xFF], response.Metadata.Single(m => m.Key == "x-echo-blob-bin").ValueBytes.ToByteArray());
        Assert.Equal("from dotnet", (await call.ResponseHeadersAsync).GetValue("x-echo-note"));
        Assert.Equal(new byte[] { 0, 1, 2, 0xFE, 0xFF }, (await call.ResponseHeadersAsync).GetValueBytes("x-echo-blob-bin"));
        Assert.Equal(new byte[] { 0, 1, 2, 0xFE, 0xFF }, call.GetTrailers().GetValueBytes("x-echo-blob-bin"));
    }

    [Fact]
    public async Task Client_streaming()
    {
        using var channel = Channel();
        using var call = channel.ClientStreamingCall(EchoMethods.ClientStream);
        for (var i = 0; i < 20; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = i.ToString(), Payload = ByteString.CopyFrom(new byte[i]) });
        }
        await call.RequestStream.CompleteAsync();
        var response = await call;
        Assert.Equal(20, response.ReceivedMessages);
        Assert.Equal(190, response.ReceivedBytes);
    }

    [Fact]
    public async Task Server_streaming()
    {
        using var channel = Channel();
        using var call = channel.ServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Repeat = 30 });
        var indexes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(response.Index);
        }
        Assert.Equal(Enumerable.Range(0, 30), indexes);
    }

    [Fact]
    public async Task Bidirectional_ping_pong()
    {
        using var channel = Channel();
        using var call = channel.DuplexStreamingCall(EchoMethods.Bidi);
        for (var i = 0; i < 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "ping " + i });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal("ping " + i, call.ResponseStream.Current.Text);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Deadline()
    {
        using var channel = Channel();
        var call = channel.UnaryCall(EchoMethods.Unary, new EchoRequest { DelayMs = 30_000 }, new CallOptions { Deadline = DateTime.UtcNow.AddMilliseconds(300) });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Error_status_with_unicode_message_and_trailers()
    {
        using var channel = Channel();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryCall(EchoMethods.Unary, new EchoRequest { FailCode = (int)StatusCode.AlreadyExists, FailMessage = "déjà vu ✓ 100%" }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal("déjà vu ✓ 100%", error.Status.Detail);
        Assert.Equal("asked", error.Trailers.GetValue("x-failure-reason"));
    }

    [Fact]
    public async Task Error_after_stream_messages()
    {
        using var channel = Channel();
        using var call = channel.ServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Repeat = 2, FailCode = (int)StatusCode.DataLoss, FailMessage = "lost" });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.True(await call.ResponseStream.MoveNext());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
    }

    [Fact]
    public async Task Unknown_method_is_unimplemented()
    {
        using var channel = Channel();
        var unknown = new Method<EchoRequest, EchoResponse>(MethodType.Unary, "echo.v1.Echo", "NoSuchMethod", EchoRequest.Parser, EchoResponse.Parser);
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(unknown, new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Oversize_request_is_refused_by_grpc_js()
    {
        using var channel = Channel();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryCall(EchoMethods.Unary, new EchoRequest { Payload = ByteString.CopyFrom(new byte[5 * 1024 * 1024]) }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Oversize_response_is_refused_by_our_client()
    {
        using var channel = Channel(new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 });
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(EchoMethods.Unary, new EchoRequest { ResponseSize = 100_000 }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Gzip_requests_are_understood_by_grpc_js()
    {
        using var channel = Channel(new GrpcChannelOptions { SendCompression = "gzip" });
        var payload = ByteString.CopyFrom(EchoService.Pattern(300_000));
        using var call = channel.DuplexStreamingCall(EchoMethods.Bidi);
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Payload = payload });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal(payload, call.ResponseStream.Current.Payload);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }
}

public sealed class GrpcJsServerFixture : IAsyncLifetime
{
    private ChildProcess? _server;

    public string Address { get; private set; } = "";

    public async Task InitializeAsync()
    {
        (_server, var port) = await InteropClients.StartNodeEchoServerAsync();
        Address = $"http://127.0.0.1:{port}";
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
