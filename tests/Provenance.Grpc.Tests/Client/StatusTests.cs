using Microsoft.Extensions.Logging;
using Provenance.Grpc.Client;
using Provenance.Grpc.Tests.Echo;
using Provenance.Grpc.Tests.Infrastructure;

namespace Provenance.Grpc.Tests.Client;

/// <summary>How handler outcomes reach the caller: chosen statuses, mapped exceptions, crashes.</summary>
[Collection(EchoHostCollection.Name)]
public sealed class StatusTests(EchoHostFixture fixture)
{
    private readonly EchoHost _host = fixture.Host;

    [Fact]
    public async Task A_chosen_status_arrives_with_its_message_and_trailers()
    {
        using var channel = _host.CreateChannel();
        var call = channel.UnaryCall(EchoMethods.Unary, new EchoRequest { FailCode = (int)StatusCode.FailedPrecondition, FailMessage = "50% ✓ not\nready" });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("50% ✓ not\nready", error.Status.Detail);
        Assert.Equal("asked", error.Trailers.GetValue("x-failure-reason"));
        Assert.Equal(new byte[] { 0, 1, 2, 0xFE, 0xFF }, error.Trailers.GetValueBytes("x-failure-detail-bin"));
        Assert.Equal(error.Status, call.GetStatus());
    }

    [Fact]
    public async Task An_immediate_error_is_a_trailers_only_response()
    {
        var response = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName,
            RawGrpc.Frame(new EchoRequest { FailCode = (int)StatusCode.NotFound, FailMessage = "50% ✓" }));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal("application/grpc", response.ContentType);
        Assert.Equal("5", response.Headers["grpc-status"]);
        Assert.Equal("50%25 %E2%9C%93", response.Headers["grpc-message"]);
        Assert.Equal("asked", response.Headers["x-failure-reason"]);
    }

    [Fact]
    public async Task An_error_after_messages_comes_in_trailers_after_those_messages()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Repeat = 3, FailCode = (int)StatusCode.Aborted, FailMessage = "stopped" });
        var received = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext())
            {
                received++;
            }
        });
        Assert.Equal(3, received);
        Assert.Equal(StatusCode.Aborted, error.StatusCode);

        var raw = await RawGrpc.SendAsync(_host.Address, EchoMethods.ServerStream.FullName,
            RawGrpc.Frame(new EchoRequest { Repeat = 3, FailCode = (int)StatusCode.Aborted, FailMessage = "stopped" }));
        Assert.False(raw.Headers.ContainsKey("grpc-status"));
        Assert.Equal(3, raw.Messages().Count);
        Assert.Equal("10", raw.Trailers["grpc-status"]);
        Assert.Equal("stopped", raw.Trailers["grpc-message"]);
    }

    [Fact]
    public async Task Ok_is_sent_in_trailers_too()
    {
        var raw = await RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName, RawGrpc.Frame(new EchoRequest { Text = "ok" }));
        Assert.Equal("0", raw.Trailers["grpc-status"]);
        Assert.Single(raw.Messages());
    }

    [Fact]
    public async Task A_handler_crash_is_internal_with_a_generic_message_and_is_logged()
    {
        using var channel = _host.CreateChannel();
        var secret = "secret-state-" + Guid.NewGuid();
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(EchoMethods.Unary, new EchoRequest { CrashWith = secret }).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.DoesNotContain(secret, error.Status.Detail);
        Assert.DoesNotContain("at ", error.Status.Detail);
        Assert.DoesNotContain(error.Trailers, e => (e.Value ?? "").Contains(secret));
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == secret);
    }

    [Fact]
    public async Task A_crash_inside_a_stream_is_internal_too()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.DuplexStreamingCall(EchoMethods.Bidi);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "fine" });
        Assert.True(await call.ResponseStream.MoveNext());
        await call.RequestStream.WriteAsync(new EchoRequest { CrashWith = "boom" });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.DoesNotContain("boom", error.Status.Detail);
    }

    [Fact]
    public async Task A_mapped_exception_becomes_its_declared_status()
    {
        using var channel = _host.CreateChannel();
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(EchoMethods.Unary, new EchoRequest { ThrowMapped = "no such thing" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("no such thing", error.Status.Detail);
    }

    [Fact]
    public async Task A_server_error_while_the_client_is_still_streaming_reaches_the_writer()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ClientStreamingCall(EchoMethods.ClientStream);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "one" });
        await call.RequestStream.WriteAsync(new EchoRequest { FailCode = (int)StatusCode.InvalidArgument, FailMessage = "bad second message" });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        // Later writes report the call's outcome instead of an I/O error.
        var writeError = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest { Text = "three" }));
        Assert.Equal(StatusCode.InvalidArgument, writeError.StatusCode);
    }

    [Fact]
    public async Task A_server_that_is_not_listening_is_unavailable()
    {
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:1");
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(EchoMethods.Unary, new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(EchoMethods.Unary, new EchoRequest()).ResponseHeadersAsync);
    }
}
