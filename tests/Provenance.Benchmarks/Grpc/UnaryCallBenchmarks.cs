using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Contracts.V1;
using Contract = Provenance.Contracts.V1.Provenance;

namespace Provenance.Benchmarks.Grpc;

/// <summary>
/// What the gRPC stack (Grpc.AspNetCore, Grpc.Net.Client) costs on top of the HTTP/2 it runs on. Baseline: a
/// plain HTTP/2 POST of the same bytes to a minimal endpoint on the same Kestrel, which reads the body and
/// answers with a body of the same size, through the same SocketsHttpHandler. Measured: a unary
/// provenance.v1.Provenance/Verify through the generated client, answered by a Verify that hands the bytes
/// back (as propagated_media), so that the same payload crosses both ways. Both on loopback h2c.
/// </summary>
[Config(typeof(Config))]
public class UnaryCallBenchmarks
{
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;
    private Contract.ProvenanceClient _client = null!;
    private HttpMessageInvoker _http = null!;
    private Uri _raw = null!;
    private byte[] _payload = [];
    private VerifyRequest _request = null!;

    [Params(100, 1024 * 1024)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 8 * 1024 * 1024);
        _app = builder.Build();
        _app.MapGrpcService<EchoingVerify>();
        _app.MapPost("/raw", async context =>
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length));
        });
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Urls.Single();

        _payload = new byte[PayloadBytes];
        new Random(42).NextBytes(_payload);
        _request = new VerifyRequest { Media = ByteString.CopyFrom(_payload) };
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 8 * 1024 * 1024 });
        _client = new Contract.ProvenanceClient(_channel);
        _http = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false });
        _raw = new Uri(address + "/raw");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _channel.Dispose();
        _http.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Http2Post()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _raw)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(_payload),
        };
        using var response = await _http.SendAsync(request, CancellationToken.None);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark]
    public async Task<int> GrpcUnary()
    {
        using var call = _client.VerifyAsync(_request);
        return (await call.ResponseAsync).PropagatedMedia.Length;
    }

    /// <summary>Verify answered with the request's bytes: the transport's work only, no verification.</summary>
    private sealed class EchoingVerify : Contract.ProvenanceBase
    {
        public override Task<VerifyResponse> Verify(VerifyRequest request, ServerCallContext context) =>
            Task.FromResult(new VerifyResponse { PropagatedMedia = request.Media });
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithStrategy(RunStrategy.Throughput));
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByParams);
        }
    }
}
