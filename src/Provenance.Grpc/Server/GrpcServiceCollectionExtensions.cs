using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Provenance.Grpc.Server.Internal;

namespace Provenance.Grpc.Server;

public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gRPC server (required before mapping services). Options come from
    /// <paramref name="configure"/> and from whatever the caller binds (e.g.
    /// <c>.BindConfiguration(GrpcServerOptions.SectionName)</c> on the returned builder); they are validated when
    /// the host starts.
    /// </summary>
    public static OptionsBuilder<GrpcServerOptions> AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddSingleton<GrpcServerRuntime>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrpcServerOptions>, GrpcServerOptionsValidator>());
        var options = services.AddOptions<GrpcServerOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        return options;
    }
}
