using Google.Protobuf;
using Provenance.Grpc.Client;
using Provenance.Grpc.Tests.Echo;
using Provenance.Grpc.Tests.Infrastructure;

namespace Provenance.Grpc.Tests.Client;

/// <summary>The four method types, our client against our server over real HTTP/2.</summary>
[Collection(EchoHostCollection.Name)]
public sealed class CallKindTests(EchoHostFixture fixture)
{
    private readonly EchoHost _host = fixture.Host;

    [Fact]
    public async Task Unary_echoes_the_request_and_reports_the_peer_and_authority()
    {
        using var channel = _host.CreateChannel();
        var call = channel.UnaryCall(EchoMethods.Unary, new EchoRequest { Text = "hello", Payload = ByteString.CopyFromUtf8("abc") });
        var response = await call;

        Assert.Equal("hello", response.Text);
        Assert.Equal("abc", response.Payload.ToStringUtf8());
        Assert.StartsWith("ipv4:127.0.0.1:", response.Peer);
        Assert.Equal(new Uri(_host.Address).Authority, response.Authority);
        Assert.Null(response.DeadlineRemaining);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Assert.Equal("identity", call.GetTrailers().GetValue("x-response-encoding"));
    }

    [Fact]
    public async Task Client_streaming_receives_every_request_before_answering()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ClientStreamingCall(EchoMethods.ClientStream);
        for (var i = 0; i < 50; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = i.ToString(), Payload = ByteString.CopyFrom(new byte[i]) });
        }
        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal(50, response.ReceivedMessages);
        Assert.Equal(Enumerable.Range(0, 50).Sum(), response.ReceivedBytes);
        Assert.Equal(string.Join(",", Enumerable.Range(0, 50)), response.Text);
    }

    [Fact]
    public async Task Client_streaming_with_no_requests_still_gets_its_response()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ClientStreamingCall(EchoMethods.ClientStream);
        await call.RequestStream.CompleteAsync();
        var response = await call;
        Assert.Equal(0, response.ReceivedMessages);
    }

    [Fact]
    public async Task Server_streaming_delivers_every_response_in_order()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Text = "s", Repeat = 200 });
        var indexes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(response.Index);
        }
        Assert.Equal(Enumerable.Range(0, 200), indexes);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Server_streaming_with_no_responses_ends_with_ok()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Repeat = 0 });
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Bidi_answers_each_request_before_the_next_is_sent()
    {
        // Ping-pong: the next request is only written after its predecessor's response arrived, which can only
        // work if both directions really stream at the same time.
        using var channel = _host.CreateChannel();
        using var call = channel.DuplexStreamingCall(EchoMethods.Bidi);
        for (var i = 0; i < 20; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "ping " + i });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal("ping " + i, call.ResponseStream.Current.Text);
            Assert.Equal(i, call.ResponseStream.Current.Index);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Bidi_request_headers_leave_before_any_request_message()
    {
        // The server answers with its headers before reading; that can only happen if our request headers went
        // out on their own, not held back until the first DATA frame.
        using var channel = _host.CreateChannel();
        using var call = channel.DuplexStreamingCall(
            EchoMethods.Bidi,
            new CallOptions { Headers = new Metadata().Add("x-send-headers-first", "1").Add("x-echo-early", "yes") });
        var headers = await call.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("yes", headers.GetValue("x-echo-early"));

        await call.RequestStream.WriteAsync(new EchoRequest { Text = "first" });
        Assert.True(await call.ResponseStream.MoveNext());
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal("yes", call.GetTrailers().GetValue("x-echo-early"));
    }

    [Fact]
    public async Task Concurrent_calls_share_one_channel()
    {
        using var channel = _host.CreateChannel();
        var calls = Enumerable.Range(0, 64)
            .Select(i => channel.UnaryCall(EchoMethods.Unary, new EchoRequest { Text = "c" + i }).ResponseAsync)
            .ToArray();
        var responses = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => "c" + i), responses.Select(r => r.Text));
    }
}
