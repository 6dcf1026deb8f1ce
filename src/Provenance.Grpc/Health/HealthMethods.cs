using Grpc.Health.V1;

namespace Provenance.Grpc.Health;

/// <summary>The methods of <c>grpc.health.v1.Health</c>, for servers and clients.</summary>
public static class HealthMethods
{
    public const string ServiceName = "grpc.health.v1.Health";

    public static Method<HealthCheckRequest, HealthCheckResponse> Check { get; } =
        Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));

    public static Method<HealthCheckRequest, HealthCheckResponse> Watch { get; } =
        Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(HealthReflection.Descriptor.Services[0].FindMethodByName("Watch"));
}
