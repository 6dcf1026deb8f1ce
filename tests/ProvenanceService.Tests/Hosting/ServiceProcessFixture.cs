using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Provenance.Contracts.V1;
using Provenance.Testing;
using Provenance.Testing.Interop;
using Provenance.Testing.Service;

namespace ProvenanceService.Tests.Hosting;

/// <summary>
/// One service process for the contract tests, plus what grpc-js and python3-grpcio observed when they drove
/// it (their "service" suites run once, in parallel, when the fixture starts).
/// </summary>
public sealed class ServiceProcessFixture : IAsyncLifetime
{
    /// <summary>The photo the foreign clients sign and verify: a real JPEG, small enough to keep the run short.</summary>
    public const string InteropPhoto = "home.jpg";

    private string? _descriptorSet;

    internal ServiceProcess Service { get; private set; } = null!;

    internal Dictionary<string, InteropResults> Foreign { get; } = [];

    public async Task InitializeAsync()
    {
        Service = await ServiceProcess.StartAsync();
        _descriptorSet = InteropClients.WriteDescriptorSet(ProvenanceReflection.Descriptor, HealthReflection.Descriptor, ReflectionReflection.Descriptor);
        string[] inputs =
        [
            "--photo", Path.Combine(RepositoryPaths.Photos, InteropPhoto),
            "--generator-key", ExampleKeys.GeneratorKey,
            "--auditor-key", ExampleKeys.AuditorKey,
        ];
        var node = InteropClients.RunNodeAsync(Service.Target, "service", "node", inputs);
        var python = InteropClients.RunPythonAsync(Service.Target, "service", _descriptorSet, "python", inputs);
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
