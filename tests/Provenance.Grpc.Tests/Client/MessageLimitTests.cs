using System.Net;
using Google.Protobuf;
using Provenance.Grpc.Client;
using Provenance.Grpc.Tests.Echo;
using Provenance.Grpc.Tests.Infrastructure;

namespace Provenance.Grpc.Tests.Client;

/// <summary>Receive and send limits on both sides (the echo host: receive 1 MiB, send 2 MiB).</summary>
[Collection(EchoHostCollection.Name)]
public sealed class MessageLimitTests(EchoHostFixture fixture)
{
    // An EchoRequest holding N payload bytes serialises to 1 (tag) + 3 (length varint, for N around 1 MiB) + N.
    private const int PayloadAtReceiveLimit = EchoHost.ReceiveLimit - 4;

    private readonly EchoHost _host = fixture.Host;

    [Fact]
    public async Task A_request_exactly_at_the_receive_limit_is_accepted_and_one_byte_more_is_not()
    {
        using var channel = _host.CreateChannel();
        var atLimit = new EchoRequest { Payload = ByteString.CopyFrom(new byte[PayloadAtReceiveLimit]) };
        Assert.Equal(EchoHost.ReceiveLimit, atLimit.CalculateSize());
        Assert.Equal(PayloadAtReceiveLimit, (await channel.UnaryCall(EchoMethods.Unary, atLimit)).Payload.Length);

        var overLimit = new EchoRequest { Payload = ByteString.CopyFrom(new byte[PayloadAtReceiveLimit + 1]) };
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(EchoMethods.Unary, overLimit).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task A_refused_unary_request_is_reported_to_the_methods_refusal_callback_with_the_callers_status()
    {
        using var channel = _host.CreateChannel();
        var overLimit = new EchoRequest { Payload = ByteString.CopyFrom(new byte[PayloadAtReceiveLimit + 1]) };
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryCall(EchoMethods.Unary, overLimit, Tagged("over-limit")).ResponseAsync);
        var seen = await _host.Echo.WaitForRefusalAsync("over-limit").WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(StatusCode.ResourceExhausted, seen.Code);
        Assert.Equal(error.Status, seen);

        // Not a protobuf message: the callback hears INVALID_ARGUMENT, as the caller does.
        var garbage = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName, RawGrpc.Frame([0xFF, 0xFF, 0xFF]),
            ("x-refusal-tag", "garbage"));
        Assert.Equal(StatusCode.InvalidArgument, garbage.GrpcStatus);
        Assert.Equal(StatusCode.InvalidArgument, (await _host.Echo.WaitForRefusalAsync("garbage").WaitAsync(TimeSpan.FromSeconds(15))).Code);
    }

    [Fact]
    public async Task A_failing_refusal_callback_does_not_change_the_callers_status()
    {
        using var channel = _host.CreateChannel();
        var overLimit = new EchoRequest { Payload = ByteString.CopyFrom(new byte[PayloadAtReceiveLimit + 1]) };
        var options = new CallOptions { Headers = new Metadata { { "x-refusal-tag", "throwing" }, { "x-refusal-throws", "1" } } };
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(EchoMethods.Unary, overLimit, options).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    private static CallOptions Tagged(string tag) => new() { Headers = new Metadata { { "x-refusal-tag", tag } } };

    [Fact]
    public async Task An_oversized_message_in_a_stream_ends_the_call()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ClientStreamingCall(EchoMethods.ClientStream);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "small" });
        try
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[2 * EchoHost.ReceiveLimit]) });
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may already have answered while the large message was still being sent.
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task The_server_refuses_a_declared_length_over_the_limit_before_the_message_arrives()
    {
        // Only the prefix goes out and the body stays open: the answer must not wait for the 100 MB announced.
        var body = new SegmentedContent([RawGrpc.Frame([], declaredLength: 100_000_000)], holdOpen: true);
        var request = RawGrpc.Request(_host.Address, EchoMethods.Unary.FullName, body);
        var response = await RawGrpc.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(15));
        body.Release();

        Assert.Equal(StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.True(response.IsTrailersOnly);
    }

    [Fact]
    public async Task A_response_over_the_servers_send_limit_is_resource_exhausted()
    {
        using var channel = _host.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 8 * 1024 * 1024 });
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryCall(EchoMethods.Unary, new EchoRequest { ResponseSize = EchoHost.SendLimit + 1 }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);

        var ok = await channel.UnaryCall(EchoMethods.Unary, new EchoRequest { ResponseSize = EchoHost.SendLimit - 4096 });
        Assert.Equal(EchoHost.SendLimit - 4096, ok.Payload.Length);
    }

    [Fact]
    public async Task The_client_refuses_a_response_over_its_receive_limit()
    {
        using var channel = _host.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 });
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryCall(EchoMethods.Unary, new EchoRequest { ResponseSize = 100_000 }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(60_000, (await channel.UnaryCall(EchoMethods.Unary, new EchoRequest { ResponseSize = 60_000 })).Payload.Length);
    }

    [Fact]
    public async Task The_client_refuses_to_send_over_its_send_limit()
    {
        // Nothing listens on this address: the call must fail before any connection attempt.
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:1", new GrpcChannelOptions { MaxSendMessageSize = 1000 });
        var unary = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryCall(EchoMethods.Unary, new EchoRequest { Payload = ByteString.CopyFrom(new byte[2000]) }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, unary.StatusCode);

        // A streaming call connects when it starts; against a closed port it can fail (UNAVAILABLE) before the write,
        // and a write then reports that outcome. A listening server keeps the call open, so the write meets the limit.
        using var live = _host.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1000 });
        using var stream = live.ClientStreamingCall(EchoMethods.ClientStream);
        var write = await Assert.ThrowsAsync<RpcException>(() => stream.RequestStream.WriteAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[2000]) }));
        Assert.Equal(StatusCode.ResourceExhausted, write.StatusCode);
    }

    [Fact]
    public async Task Large_messages_cross_many_frames_in_both_directions()
    {
        using var channel = _host.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 4 * 1024 * 1024 });
        var payload = EchoService.Pattern(PayloadAtReceiveLimit - 8);
        using var call = channel.DuplexStreamingCall(EchoMethods.Bidi);
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Payload = ByteString.CopyFrom(payload), ResponseSize = EchoHost.SendLimit - 4096 });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal(EchoService.Pattern(EchoHost.SendLimit - 4096), call.ResponseStream.Current.Payload.ToByteArray());
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }
}
