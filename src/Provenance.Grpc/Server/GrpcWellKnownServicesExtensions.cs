using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Provenance.Grpc.Health;
using Provenance.Grpc.Reflection;
using Provenance.Grpc.Server.Internal;

namespace Provenance.Grpc.Server;

/// <summary>Registration of the standard health and reflection services.</summary>
public static class GrpcWellKnownServicesExtensions
{
    /// <summary>Registers <see cref="GrpcHealthService"/> as a singleton, so the host can set statuses.</summary>
    public static IServiceCollection AddGrpcHealthService(this IServiceCollection services)
    {
        services.TryAddSingleton<GrpcHealthService>();
        return services;
    }

    /// <summary>Maps <c>grpc.health.v1.Health</c>; its watchers are released when the host starts stopping.</summary>
    public static IEndpointConventionBuilder MapGrpcHealthService(this IEndpointRouteBuilder endpoints)
    {
        var health = endpoints.ServiceProvider.GetService<GrpcHealthService>()
            ?? throw new InvalidOperationException("Call services.AddGrpcHealthService() before mapping the health service.");
        endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(health.Shutdown);
        return endpoints.MapGrpcService(health.BindService());
    }

    /// <summary>Maps <c>grpc.reflection.v1alpha.ServerReflection</c> over every service mapped on this host.</summary>
    public static IEndpointConventionBuilder MapGrpcReflectionService(this IEndpointRouteBuilder endpoints)
    {
        var runtime = endpoints.ServiceProvider.GetService<GrpcServerRuntime>()
            ?? throw new InvalidOperationException("Call services.AddGrpcServer() before mapping gRPC services.");
        return endpoints.MapGrpcService(new ServerReflectionService(runtime.Registry).BindService());
    }
}
