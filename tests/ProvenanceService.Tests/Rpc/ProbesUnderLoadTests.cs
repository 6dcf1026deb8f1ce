using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.DependencyInjection;
using Provenance.Contracts.V1;
using Provenance.Testing.Media;
using ProvenanceService.Rpc;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProvenanceService.Tests.Rpc;

/// <summary>
/// Health and reflection answer while admission is saturated: every slot held, the queue full of unary and
/// streamed Verify calls whose uploads are in flight, the excess shed. The held calls never finish before the
/// probes have answered, so a probe queued behind them (by admission, or by HTTP/2 flow control on the shared
/// connection) would run into its deadline: no timing is asserted, the deadline is only the failure bound.
/// </summary>
public sealed class ProbesUnderLoadTests
{
    private static readonly ByteString Photo = ByteString.CopyFrom(TestMedia.Load("home.jpg"));

    [Fact]
    public async Task Health_and_reflection_answer_on_the_same_connection_while_heavy_calls_saturate_admission()
    {
        var gate = new AdmissionTests.Gate();
        var (app, address) = await AdmissionTests.StartAsync(gate, maxConcurrentCalls: 2, queueLimit: 4);
        var calls = new List<Task>();
        var streams = new List<AsyncClientStreamingCall<VerifyStreamRequest, VerifyResponse>>();
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var admission = app.Services.GetRequiredService<CallAdmission>();

            // Two unary calls take both slots and are held inside them.
            calls.Add(client.VerifyAsync(new VerifyRequest { Media = Photo }).ResponseAsync);
            calls.Add(client.VerifyAsync(new VerifyRequest { Media = Photo }).ResponseAsync);
            await gate.EnteredAsync(2);

            // Four streamed uploads of 700 KB each, together more than the 1 MB HTTP/2 connection window Kestrel grants:
            // had they queued for admission before reading their uploads, the unread bytes would have closed the window
            // for every stream on this connection, the probes' included (as an earlier version of this test found).
            var upload = ByteString.CopyFrom(new byte[700 * 1024]);
            for (var i = 0; i < 4; i++)
            {
                var stream = client.VerifyStream();
                streams.Add(stream);
                calls.Add(SendAsync(stream, upload));
            }
            while (admission.Statistics!.CurrentQueuedCount < 4)
            {
                await Task.Delay(10); // until all four wait for a slot; nothing is asserted about how long that takes
            }
            // One more is shed: admission is full.
            var shed = await Assert.ThrowsAsync<RpcException>(() => client.VerifyAsync(new VerifyRequest { Media = Photo }).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, shed.StatusCode);

            var deadline = DateTime.UtcNow.AddSeconds(20);
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: deadline);
            Assert.Equal(ServingStatus.Serving, health.Status);
            using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(deadline: deadline);
            await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            Assert.True(await reflection.ResponseStream.MoveNext());
            Assert.Contains("provenance.v1.Provenance", reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
            await reflection.RequestStream.CompleteAsync();
            Assert.Equal(0, admission.Statistics!.CurrentAvailablePermits);
        }
        finally
        {
            gate.ReleaseAll();
            await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
            foreach (var stream in streams)
            {
                stream.Dispose();
            }
            await app.StopAsync();
        }
    }

    private static async Task SendAsync(AsyncClientStreamingCall<VerifyStreamRequest, VerifyResponse> call, ByteString upload)
    {
        await call.RequestStream.WriteAsync(new VerifyStreamRequest { Header = new VerifyRequest() });
        await call.RequestStream.WriteAsync(new VerifyStreamRequest { Chunk = upload });
        await call.RequestStream.CompleteAsync();
        await call.ResponseAsync;
    }
}
