namespace Provenance.Grpc.Server;

/// <summary>
/// A class that implements a gRPC service. Register it in the container and map it with
/// <see cref="GrpcEndpointRouteBuilderExtensions.MapGrpcService{TService}"/>.
/// </summary>
public interface IGrpcService
{
    /// <summary>Declares the service's methods and binds each to a handler.</summary>
    GrpcServiceDefinition BindService();
}
