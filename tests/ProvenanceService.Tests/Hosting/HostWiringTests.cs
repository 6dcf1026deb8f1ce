using Microsoft.Extensions.DependencyInjection;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Hosting;
using Provenance.Core;
using Provenance.Grpc;
using Provenance.Grpc.Client;
using Provenance.Grpc.Server;
using ProvenanceService.Auth;
using ProvenanceService.Hosting;
using ProvenanceService.Rpc;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProvenanceService.Tests.Hosting;

/// <summary>The host's registration, exercised in-process with test-only services mapped beside the real ones.</summary>
public sealed class HostWiringTests
{
    // Test-only methods reuse the health messages: the request's `service` field carries the test's input.
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Slow = Probe("Slow");
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Throw = Probe("Throw");

    [Fact]
    public void Without_urls_the_service_listens_on_loopback_50051()
    {
        var builder = InProcessHost.CreateBuilder();
        builder.AddProvenanceService();
        Assert.Equal("http://127.0.0.1:50051", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void Urls_and_kestrel_endpoints_from_configuration_win()
    {
        var fromUrls = InProcessHost.CreateBuilder("--urls", "http://127.0.0.1:6123");
        fromUrls.AddProvenanceService();
        Assert.Equal("http://127.0.0.1:6123", fromUrls.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));

        var fromKestrel = InProcessHost.CreateBuilder("--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:6124");
        fromKestrel.AddProvenanceService();
        Assert.True(string.IsNullOrEmpty(fromKestrel.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey)));
    }

    [Fact]
    public void The_provenance_service_binds_all_six_methods()
    {
        var data = Path.Combine(Path.GetTempPath(), "provenance-wiring-" + Guid.NewGuid().ToString("N"));
        var builder = InProcessHost.CreateBuilder("--Storage:DataDirectory", data);
        builder.AddProvenanceService();
        GrpcServiceDefinition definition;
        using (var app = builder.Build())
        {
            definition = app.Services.GetRequiredService<ProvenanceRpcService>().BindService();
        }
        InProcessHost.DeleteDataDirectory(data);
        Assert.Equal("provenance.v1.Provenance", definition.Name);
        Assert.Equal(
            [("Sign", MethodType.Unary), ("SignStream", MethodType.DuplexStreaming), ("Verify", MethodType.Unary),
             ("VerifyStream", MethodType.ClientStreaming), ("GetManifest", MethodType.Unary), ("ListReports", MethodType.Unary)],
            definition.Methods.Select(m => (m.Name, m.Type)));
    }

    [Fact]
    public async Task Exceptions_from_the_layers_below_become_statuses_in_one_place()
    {
        var (app, address) = await InProcessHost.StartAsync(app => app.MapGrpcService(
            GrpcServiceDefinition.CreateBuilder("test.v1.Probe")
                .AddUnaryMethod(Throw, (request, _) => request.Service switch
                {
                    "media" => throw new InvalidMediaException(MediaError.Truncated, "The JPEG ends inside its SOS segment."),
                    "auth" => throw new AuthenticationFailedException("The API key is not a known generator key."),
                    _ => throw new InvalidOperationException("internal detail " + request.Service),
                })
                .Build()));
        await using (app)
        {
            using var channel = GrpcChannel.ForAddress(address);
            var media = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(Throw, new HealthCheckRequest { Service = "media" }).ResponseAsync);
            Assert.Equal(new Status(StatusCode.InvalidArgument, "The JPEG ends inside its SOS segment."), media.Status);

            var auth = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(Throw, new HealthCheckRequest { Service = "auth" }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, auth.StatusCode);

            var other = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(Throw, new HealthCheckRequest { Service = "x" }).ResponseAsync);
            Assert.Equal(StatusCode.Internal, other.StatusCode);
            Assert.DoesNotContain("internal detail", other.Status.Detail);
            await app.StopAsync(); // InProcessHost removes the host's data directory when it has stopped
        }
    }

    [Fact]
    public async Task Stopping_finishes_calls_in_flight()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (app, address) = await InProcessHost.StartAsync(app => app.MapGrpcService(
            GrpcServiceDefinition.CreateBuilder("test.v1.Probe")
                .AddUnaryMethod(Slow, async (request, context) =>
                {
                    entered.TrySetResult();
                    await Task.Delay(int.Parse(request.Service), context.CancellationToken);
                    return new HealthCheckResponse { Status = ServingStatus.Serving };
                })
                .Build()));
        await using (app)
        {
            using var channel = GrpcChannel.ForAddress(address);
            var inFlight = channel.UnaryCall(Slow, new HealthCheckRequest { Service = "1500" });
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the call is in its handler

            var stopping = app.StopAsync();
            Assert.Equal(ServingStatus.Serving, (await inFlight.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30))).Status);
            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static Method<HealthCheckRequest, HealthCheckResponse> Probe(string name) =>
        new(MethodType.Unary, "test.v1.Probe", name, HealthCheckRequest.Parser, HealthCheckResponse.Parser);
}
