using Provenance.Grpc.Client;
using Provenance.Grpc.Tests.Echo;
using Provenance.Grpc.Tests.Infrastructure;

namespace Provenance.Grpc.Tests.Server;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stopping_the_host_lets_calls_in_flight_finish_and_refuses_new_ones()
    {
        var host = await EchoHost.StartAsync();
        await using (host)
        {
            using var channel = host.CreateChannel();
            // Two calls already running: a slow unary and a stream that still has responses to send.
            var slow = channel.UnaryCall(EchoMethods.Unary, new EchoRequest { Text = "in flight", DelayMs = 1500 });
            var stream = channel.ServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Repeat = 10, DelayMs = 100 });
            Assert.True(await stream.ResponseStream.MoveNext());
            await host.Echo.WaitForStartAsync("in flight").WaitAsync(TimeSpan.FromSeconds(30));

            var stopping = host.StopAsync();

            Assert.Equal("in flight", (await slow.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(20))).Text);
            var streamed = 1;
            while (await stream.ResponseStream.MoveNext())
            {
                streamed++;
            }
            Assert.Equal(10, streamed);
            await stopping.WaitAsync(TimeSpan.FromSeconds(20));

            using var fresh = host.CreateChannel();
            var refused = await Assert.ThrowsAsync<RpcException>(() => fresh.UnaryCall(EchoMethods.Unary, new EchoRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        }
    }
}
