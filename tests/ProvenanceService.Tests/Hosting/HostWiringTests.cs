using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ProvenanceService.Hosting;

namespace ProvenanceService.Tests.Hosting;

/// <summary>The host's registration, exercised in-process with a test-only service (Hosting/Probe.proto) mapped beside the real ones.</summary>
public sealed class HostWiringTests
{
    [Fact]
    public void Without_urls_the_service_listens_on_loopback_50051_for_grpc_and_8080_for_the_web()
    {
        var builder = InProcessHost.CreateBuilder();
        builder.AddProvenanceService();
        Assert.Equal("http://127.0.0.1:50051", builder.Configuration["Kestrel:Endpoints:Grpc0:Url"]);
        Assert.Equal("Http2", builder.Configuration["Kestrel:Endpoints:Grpc0:Protocols"]);
        Assert.Equal("http://127.0.0.1:8080", builder.Configuration["Kestrel:Endpoints:Web0:Url"]);
        Assert.Equal("Http1", builder.Configuration["Kestrel:Endpoints:Web0:Protocols"]);
    }

    [Fact]
    public void Urls_and_kestrel_endpoints_from_configuration_win()
    {
        var fromUrls = InProcessHost.CreateBuilder("--urls", "http://127.0.0.1:6123");
        fromUrls.AddProvenanceService();
        Assert.Equal("http://127.0.0.1:6123", fromUrls.Configuration["Kestrel:Endpoints:Grpc0:Url"]);

        var fromKestrel = InProcessHost.CreateBuilder("--Kestrel:Endpoints:Mine:Url=http://127.0.0.1:6124", "--Web:Urls", "http://127.0.0.1:6125");
        fromKestrel.AddProvenanceService();
        Assert.Null(fromKestrel.Configuration["Kestrel:Endpoints:Grpc0:Url"]);
        Assert.Equal("http://127.0.0.1:6124", fromKestrel.Configuration["Kestrel:Endpoints:Mine:Url"]);
        Assert.Equal("http://127.0.0.1:6125", fromKestrel.Configuration["Kestrel:Endpoints:Web0:Url"]);
    }

    [Fact]
    public void The_provenance_service_maps_all_six_methods()
    {
        var data = Path.Combine(Path.GetTempPath(), "provenance-wiring-" + Guid.NewGuid().ToString("N"));
        var builder = InProcessHost.CreateBuilder("--Storage:DataDirectory", data);
        builder.AddProvenanceService();
        List<(string Name, MethodType Type)> methods;
        using (var app = builder.Build())
        {
            app.MapProvenanceService();
            methods = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints)
                .Select(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
                .Where(method => method?.ServiceName == "provenance.v1.Provenance")
                .Select(method => (method!.Name, method.Type))
                .Distinct()
                .ToList();
        }
        InProcessHost.DeleteDataDirectory(data);
        Assert.Equal(
            [("Sign", MethodType.Unary), ("SignStream", MethodType.DuplexStreaming), ("Verify", MethodType.Unary),
             ("VerifyStream", MethodType.ClientStreaming), ("GetManifest", MethodType.Unary), ("ListReports", MethodType.Unary)],
            methods);
    }

    [Fact]
    public async Task Exceptions_from_the_layers_below_become_statuses_in_one_place()
    {
        var (app, address) = await StartWithProbeAsync();
        await using (app)
        {
            using var channel = GrpcChannel.ForAddress(address);
            var probe = new Probe.ProbeClient(channel);
            var media = await Assert.ThrowsAsync<RpcException>(() => probe.CallAsync(new ProbeRequest { FailWith = "media" }).ResponseAsync);
            Assert.Equal(new Status(StatusCode.InvalidArgument, "The JPEG ends inside its SOS segment."), media.Status);

            var auth = await Assert.ThrowsAsync<RpcException>(() => probe.CallAsync(new ProbeRequest { FailWith = "auth" }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, auth.StatusCode);

            var other = await Assert.ThrowsAsync<RpcException>(() => probe.CallAsync(new ProbeRequest { FailWith = "x" }).ResponseAsync);
            Assert.Equal(StatusCode.Internal, other.StatusCode);
            Assert.DoesNotContain("internal detail", other.Status.Detail);
            await app.StopAsync(); // InProcessHost removes the host's data directory when it has stopped
        }
    }

    [Fact]
    public async Task A_deadline_cancels_the_handler()
    {
        var (app, address) = await StartWithProbeAsync();
        await using (app)
        {
            using var channel = GrpcChannel.ForAddress(address);
            var started = DateTime.UtcNow;
            var error = await Assert.ThrowsAsync<RpcException>(() => new Probe.ProbeClient(channel)
                .CallAsync(new ProbeRequest { DelayMs = 60_000 }, deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync);
            Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
            // Ended by the deadline, not by the handler's minute-long wait running out.
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Stopping_finishes_calls_in_flight()
    {
        var (app, address) = await StartWithProbeAsync();
        await using (app)
        {
            using var channel = GrpcChannel.ForAddress(address);
            var inFlight = new Probe.ProbeClient(channel).CallAsync(new ProbeRequest { DelayMs = 1500 });
            await app.Services.GetRequiredService<ProbeSignals>().Entered.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the call is in its handler

            var stopping = app.StopAsync();
            Assert.Equal("done", (await inFlight.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30))).Text);
            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static Task<(WebApplication App, string Address)> StartWithProbeAsync() =>
        InProcessHost.StartAsync(app => app.MapGrpcService<ProbeService>(), services => services.AddSingleton<ProbeSignals>());
}
