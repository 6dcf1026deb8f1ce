using Provenance.Grpc.Client;
using Provenance.Grpc.Tests.Echo;
using Provenance.Grpc.Tests.Infrastructure;

namespace Provenance.Grpc.Tests.Client;

/// <summary>Deadlines and cancellation, seen from both ends.</summary>
[Collection(EchoHostCollection.Name)]
public sealed class DeadlineTests(EchoHostFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly EchoHost _host = fixture.Host;

    [Fact]
    public async Task A_passed_deadline_fails_the_call_and_fires_the_handlers_token()
    {
        var tag = "deadline-" + Guid.NewGuid();
        using var channel = _host.CreateChannel();
        var call = channel.UnaryCall(
            EchoMethods.Unary,
            new EchoRequest { Text = tag, DelayMs = 30_000 },
            new CallOptions { Deadline = DateTime.UtcNow.AddMilliseconds(1000) });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await _host.Echo.WaitForCancellationAsync(tag).WaitAsync(Patience);
    }

    [Fact]
    public async Task The_server_enforces_grpc_timeout_by_itself()
    {
        // A raw client that never cancels: the DEADLINE_EXCEEDED status must come from the server's own timer.
        var tag = "server-deadline-" + Guid.NewGuid();
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName,
            RawGrpc.Frame(new EchoRequest { Text = tag, DelayMs = 30_000 }), ("grpc-timeout", "500m")).WaitAsync(Patience);

        Assert.Equal(StatusCode.DeadlineExceeded, response.GrpcStatus);
        Assert.True(response.IsTrailersOnly);
        await _host.Echo.WaitForCancellationAsync(tag).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_deadline_in_the_middle_of_a_stream_ends_it_with_trailers()
    {
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.ServerStream.FullName,
            RawGrpc.Frame(new EchoRequest { Repeat = 1000, DelayMs = 50 }), ("grpc-timeout", "1S")).WaitAsync(Patience);

        Assert.InRange(response.Messages().Count, 1, 999);
        Assert.Equal("4", response.Trailers["grpc-status"]);
    }

    [Theory]
    [InlineData("1H", 3600)]
    [InlineData("2M", 120)]
    [InlineData("30S", 30)]
    [InlineData("20000m", 20)]
    [InlineData("20000000u", 20)]
    [InlineData("20000000n", 0.02)]
    public async Task Every_timeout_unit_sets_the_handlers_deadline(string header, double seconds)
    {
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName, RawGrpc.Frame(new EchoRequest()), ("grpc-timeout", header));
        if (response.GrpcStatus == StatusCode.DeadlineExceeded && seconds < 1)
        {
            return; // 20 ms can pass on a loaded machine before the handler runs; the other units cover parsing.
        }
        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        var remaining = EchoResponse.Parser.ParseFrom(response.Messages()[0].Payload).DeadlineRemaining.ToTimeSpan();
        Assert.InRange(remaining.TotalSeconds, seconds - 10, seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("10")]
    [InlineData("-5S")]
    [InlineData("123456789m")]
    [InlineData("5 S")]
    public async Task A_malformed_grpc_timeout_is_refused(string header)
    {
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName, RawGrpc.Frame(new EchoRequest()), ("grpc-timeout", header));
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("grpc-timeout", response.GrpcMessage);
        Assert.True(response.IsTrailersOnly);
    }

    [Fact]
    public async Task A_deadline_already_past_fails_without_a_request()
    {
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:1");
        var call = channel.UnaryCall(EchoMethods.Unary, new EchoRequest(), new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(-1) });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Client_cancellation_fails_the_call_and_fires_the_handlers_token()
    {
        var tag = "cancel-" + Guid.NewGuid();
        using var channel = _host.CreateChannel();
        using var cancellation = new CancellationTokenSource();
        using var call = channel.ServerStreamingCall(
            EchoMethods.ServerStream,
            new EchoRequest { Text = tag, Repeat = 1000, DelayMs = 20 },
            new CallOptions { CancellationToken = cancellation.Token });
        Assert.True(await call.ResponseStream.MoveNext());
        cancellation.Cancel();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext())
            {
            }
        });
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await _host.Echo.WaitForCancellationAsync(tag).WaitAsync(Patience);
    }

    [Fact]
    public async Task Disposing_a_running_call_cancels_it_on_the_server()
    {
        var tag = "dispose-" + Guid.NewGuid();
        using var channel = _host.CreateChannel();
        var call = channel.DuplexStreamingCall(EchoMethods.Bidi);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = tag });
        Assert.True(await call.ResponseStream.MoveNext());
        call.Dispose();
        await _host.Echo.WaitForCancellationAsync(tag).WaitAsync(Patience);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);
    }
}
