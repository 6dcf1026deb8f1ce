using System.Threading.Channels;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Provenance.Contracts.V1;
using Provenance.Testing.Media;
using Provenance.Testing.Service;
using ProvenanceService.Options;
using ProvenanceService.Rpc;
using ProvenanceService.Tests.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProvenanceService.Tests.Rpc;

/// <summary>
/// Admission control (Rpc/AdmissionInterceptor.cs) on an in-process host whose expensive calls are held inside
/// the handler by a gate: which calls are shed, with which status, and that the slot frees again. No timing: the
/// test waits for the gate to report each held call and for the limiter to report each queued one.
/// </summary>
public sealed class AdmissionTests
{
    private static readonly ByteString Photo = ByteString.CopyFrom(TestMedia.Load("home.jpg"));

    [Fact]
    public async Task A_call_waits_in_the_queue_and_one_more_than_the_queue_holds_is_shed()
    {
        var gate = new Gate();
        var (app, address) = await StartAsync(gate, maxConcurrentCalls: 1, queueLimit: 1);
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var admission = app.Services.GetRequiredService<CallAdmission>();
            var running = client.VerifyAsync(new VerifyRequest { Media = Photo }).ResponseAsync;
            await gate.EnteredAsync(1);
            var queued = client.VerifyAsync(new VerifyRequest { Media = Photo }).ResponseAsync;
            while (admission.Statistics!.CurrentQueuedCount == 0)
            {
                await Task.Delay(10); // until the second call waits in the queue; the test asserts nothing about how long
            }

            var shed = await Assert.ThrowsAsync<RpcException>(() => client.VerifyAsync(new VerifyRequest { Media = Photo }).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, shed.StatusCode);

            gate.Release(1);
            await running;
            await gate.EnteredAsync(1); // the queued call got the freed slot
            gate.Release(1);
            Assert.NotEqual(Verdict.Unspecified, (await queued).Verdict);
        }
        finally
        {
            gate.ReleaseAll();
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Shed_sign_calls_leave_an_audit_line()
    {
        var gate = new Gate();
        var (app, address) = await StartAsync(gate, maxConcurrentCalls: 1, queueLimit: 0);
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var generator = Bearer.Of(ExampleKeys.GeneratorKey);
            var generation = new GenerationInfo { ModelName = "admission" };
            var held = client.VerifyAsync(new VerifyRequest { Media = Photo }).ResponseAsync;
            await gate.EnteredAsync(1);

            var unary = await Assert.ThrowsAsync<RpcException>(() =>
                client.SignAsync(new SignRequest { Media = Photo, Generation = generation }, generator).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, unary.StatusCode);
            var streamed = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                using var call = client.SignStream(generator);
                await call.RequestStream.WriteAsync(new SignStreamRequest { Header = new SignRequest { Generation = generation } });
                await call.RequestStream.CompleteAsync();
                while (await call.ResponseStream.MoveNext())
                {
                }
            });
            Assert.Equal(StatusCode.Unavailable, streamed.StatusCode);

            // RefusedSignAudit writes the line after the call has ended: wait for both (bounded, asserting no duration).
            var database = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            List<(string Outcome, string Generator, string Detail)> lines;
            while ((lines = AuditLines(database)).Count < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.Equal(2, lines.Count);
            Assert.All(lines, line =>
            {
                Assert.Equal("Unavailable", line.Outcome);
                Assert.Equal(ExampleKeys.GeneratorName, line.Generator);
                Assert.Contains("busy", line.Detail);
            });
        }
        finally
        {
            gate.ReleaseAll();
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_slow_upload_holds_no_slot_and_is_admitted_when_its_heavy_work_starts()
    {
        var gate = new Gate();
        var (app, address) = await StartAsync(gate, maxConcurrentCalls: 1, queueLimit: 0);
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var admission = app.Services.GetRequiredService<CallAdmission>();
            var uploads = app.Services.GetRequiredService<UploadBudget>();

            // An upload that has sent half of the photo and stalls.
            var half = Photo.Length / 2;
            using var slow = client.VerifyStream();
            await slow.RequestStream.WriteAsync(new VerifyStreamRequest { Header = new VerifyRequest() });
            await slow.RequestStream.WriteAsync(new VerifyStreamRequest { Chunk = ByteString.CopyFrom(Photo.Span[..half]) });
            while (uploads.HeldBytes < half)
            {
                await Task.Delay(10); // until the server has read the chunk
            }
            Assert.Equal(1, admission.Statistics!.CurrentAvailablePermits);

            // The only slot goes to a unary call, which is held in it.
            var unary = client.VerifyAsync(new VerifyRequest { Media = Photo }).ResponseAsync;
            await gate.EnteredAsync(1);

            // The upload completes while the slot is taken and the queue holds none: its heavy work is shed.
            await slow.RequestStream.WriteAsync(new VerifyStreamRequest { Chunk = ByteString.CopyFrom(Photo.Span[half..]) });
            await slow.RequestStream.CompleteAsync();
            var shed = await Assert.ThrowsAsync<RpcException>(() => slow.ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, shed.StatusCode);
            Assert.Equal("1000", shed.Trailers.GetValue(CallAdmission.RetryPushbackTrailer));
            Assert.Equal(0, uploads.HeldBytes); // the refused call gave its upload budget back

            gate.Release(1);
            Assert.NotEqual(Verdict.Unspecified, (await unary).Verdict);

            // With the slot free, a streamed Verify runs.
            using var next = client.VerifyStream();
            await next.RequestStream.WriteAsync(new VerifyStreamRequest { Header = new VerifyRequest() });
            await next.RequestStream.WriteAsync(new VerifyStreamRequest { Chunk = Photo });
            await next.RequestStream.CompleteAsync();
            Assert.NotEqual(Verdict.Unspecified, (await next.ResponseAsync).Verdict);
        }
        finally
        {
            gate.ReleaseAll();
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Uploads_beyond_the_upload_budget_are_unavailable_at_once()
    {
        var gate = new Gate();
        var (app, address) = await StartAsync(gate, maxConcurrentCalls: 1, queueLimit: 0, maxUploadBytes: Photo.Length + 100);
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var uploads = app.Services.GetRequiredService<UploadBudget>();
            using var first = client.VerifyStream();
            await first.RequestStream.WriteAsync(new VerifyStreamRequest { Header = new VerifyRequest() });
            await first.RequestStream.WriteAsync(new VerifyStreamRequest { Chunk = Photo });
            while (uploads.HeldBytes < Photo.Length)
            {
                await Task.Delay(10); // until the server holds the first upload
            }

            var second = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                using var call = client.VerifyStream();
                await call.RequestStream.WriteAsync(new VerifyStreamRequest { Header = new VerifyRequest() });
                await call.RequestStream.WriteAsync(new VerifyStreamRequest { Chunk = ByteString.CopyFrom(Photo.Span[..200]) });
                await call.RequestStream.CompleteAsync();
                await call.ResponseAsync;
            });
            Assert.Equal(StatusCode.Unavailable, second.StatusCode);
            Assert.Contains("uploads in progress", second.Status.Detail, StringComparison.Ordinal);

            await first.RequestStream.CompleteAsync();
            Assert.NotEqual(Verdict.Unspecified, (await first.ResponseAsync).Verdict);
            Assert.Equal(0, uploads.HeldBytes);
        }
        finally
        {
            gate.ReleaseAll();
            await app.StopAsync();
        }
    }

    internal static Task<(WebApplication App, string Address)> StartAsync(
        Gate gate, int maxConcurrentCalls, int queueLimit, long? maxDecodeBytes = null, long? maxUploadBytes = null) =>
        InProcessHost.StartAsync(services: services =>
        {
            services.Configure<AdmissionOptions>(admission =>
            {
                admission.MaxConcurrentCalls = maxConcurrentCalls;
                admission.QueueLimit = queueLimit;
                admission.MaxDecodeBytes = maxDecodeBytes ?? admission.MaxDecodeBytes;
                admission.MaxUploadBytes = maxUploadBytes ?? admission.MaxUploadBytes;
                admission.QueueTimeout = TimeSpan.FromMinutes(1); // the queued call must not time out while the test waits
            });
            services.AddSingleton(gate);
            // Added after the service's own interceptors, so it runs inside admission: a held call holds its slot.
            services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<GateInterceptor>());
        });

    private static List<(string, string, string)> AuditLines(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT outcome, generator, detail FROM sign_audit ORDER BY seq;";
        using var reader = command.ExecuteReader();
        var lines = new List<(string, string, string)>();
        while (reader.Read())
        {
            lines.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        return lines;
    }

    /// <summary>
    /// Holds every admitted Verify and Sign call (or those <paramref name="holds"/> picks by method) until the test
    /// releases it; reports each call that enters.
    /// </summary>
    internal sealed class Gate(Func<string, bool>? holds = null)
    {
        private readonly Channel<bool> entered = Channel.CreateUnbounded<bool>();
        private readonly SemaphoreSlim released = new(0);

        public bool Holds(string method) =>
            holds?.Invoke(method) ?? (method.EndsWith("/Verify", StringComparison.Ordinal) || method.EndsWith("/Sign", StringComparison.Ordinal));

        public async Task Hold(CancellationToken cancellationToken)
        {
            entered.Writer.TryWrite(true);
            await released.WaitAsync(cancellationToken);
        }

        public async Task EnteredAsync(int calls)
        {
            for (var i = 0; i < calls; i++)
            {
                await entered.Reader.ReadAsync();
            }
        }

        public void Release(int calls) => released.Release(calls);

        public void ReleaseAll() => released.Release(100);
    }

    internal sealed class GateInterceptor(Gate gate) : Interceptor
    {
        public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            if (gate.Holds(context.Method))
            {
                await gate.Hold(context.CancellationToken);
            }
            return await continuation(request, context);
        }
    }
}
