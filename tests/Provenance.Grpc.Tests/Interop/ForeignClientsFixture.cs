using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.DependencyInjection;
using Provenance.Grpc.Health;
using Provenance.Grpc.Tests.Echo;
using Provenance.Grpc.Tests.Infrastructure;
using Provenance.Testing.Interop;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Provenance.Grpc.Tests.Interop;

/// <summary>
/// Our echo host driven by grpc-js and by python3-grpcio, each running its whole suite once (in parallel);
/// the tests then check what each client observed.
/// </summary>
public sealed class ForeignClientsFixture : IAsyncLifetime
{
    private string? _descriptorSet;

    internal EchoHost Host { get; private set; } = null!;

    internal Dictionary<string, InteropResults> Results { get; } = [];

    public async Task InitializeAsync()
    {
        Host = await EchoHost.StartAsync();
        var health = Host.Services.GetRequiredService<GrpcHealthService>();
        health.SetStatus("", ServingStatus.Serving);
        health.SetStatus("echo.v1.Echo", ServingStatus.Serving);
        _descriptorSet = InteropClients.WriteDescriptorSet(EchoReflection.Descriptor, HealthReflection.Descriptor, ReflectionReflection.Descriptor);

        var target = new Uri(Host.Address).Authority;
        var node = InteropClients.RunNodeAsync(target, "echo", "node");
        var python = InteropClients.RunPythonAsync(target, "echo", _descriptorSet, "python");
        Results["node"] = await node;
        Results["python"] = await python;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_descriptorSet is not null)
        {
            File.Delete(_descriptorSet);
        }
    }
}
