using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Provenance.Contracts.V1;
using Provenance.Testing.Interop;

namespace ProvenanceService.Tests.Hosting;

/// <summary>
/// One service process for the contract tests, plus what grpc-js and python3-grpcio observed when they drove
/// it (their "service" suites run once, in parallel, when the fixture starts).
/// </summary>
public sealed class ServiceProcessFixture : IAsyncLifetime
{
    private string? _descriptorSet;

    internal ServiceProcess Service { get; private set; } = null!;

    internal Dictionary<string, InteropResults> Foreign { get; } = [];

    public async Task InitializeAsync()
    {
        Service = await ServiceProcess.StartAsync();
        _descriptorSet = InteropClients.WriteDescriptorSet(ProvenanceReflection.Descriptor, HealthReflection.Descriptor, ReflectionReflection.Descriptor);
        var node = InteropClients.RunNodeAsync(Service.Target, "service", "node");
        var python = InteropClients.RunPythonAsync(Service.Target, "service", _descriptorSet, "python");
        Foreign["node"] = await node;
        Foreign["python"] = await python;
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        if (_descriptorSet is not null)
        {
            File.Delete(_descriptorSet);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceProcessCollection : ICollectionFixture<ServiceProcessFixture>
{
    public const string Name = "service process";
}
