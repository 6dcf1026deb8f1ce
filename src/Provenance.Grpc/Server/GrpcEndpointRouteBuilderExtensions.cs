using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Provenance.Grpc.Server.Internal;

namespace Provenance.Grpc.Server;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps each method of <paramref name="service"/> to a POST endpoint at its path. The first call also maps
    /// a catch-all that answers UNIMPLEMENTED for unknown services and methods.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcService(this IEndpointRouteBuilder endpoints, GrpcServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(service);
        var runtime = endpoints.ServiceProvider.GetService<GrpcServerRuntime>()
            ?? throw new InvalidOperationException("Call services.AddGrpcServer() before mapping gRPC services.");
        runtime.Registry.Add(service);

        var conventions = new List<IEndpointConventionBuilder>();
        foreach (var binding in service.Bindings)
        {
            conventions.Add(endpoints
                .MapPost(binding.Method.FullName, httpContext => binding.HandleAsync(httpContext, runtime))
                .WithDisplayName($"gRPC {binding.Method.FullName}"));
        }
        if (!runtime.Registry.UnimplementedEndpointMapped)
        {
            runtime.Registry.UnimplementedEndpointMapped = true;
            // A catch-all template has the lowest precedence, so every mapped method wins over it.
            endpoints
                .MapPost("{**grpcUnknownPath}", httpContext => UnimplementedResponder.HandleUnknownPathAsync(httpContext, runtime))
                .WithDisplayName("gRPC unimplemented");
        }
        return new CompositeConventionBuilder(conventions);
    }

    /// <summary>Maps a service class resolved from the container (register it as a singleton).</summary>
    public static IEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : IGrpcService
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var service = endpoints.ServiceProvider.GetRequiredService<TService>();
        return endpoints.MapGrpcService(service.BindService());
    }

    private sealed class CompositeConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
