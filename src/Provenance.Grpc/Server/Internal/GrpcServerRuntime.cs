using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Provenance.Grpc.Server.Internal;

/// <summary>What every call needs from the container, resolved once: options, logger, exception mapping, mapped services.</summary>
internal sealed class GrpcServerRuntime
{
    public GrpcServerRuntime(IOptions<GrpcServerOptions> options, ILoggerFactory loggerFactory, GrpcServiceRegistry registry)
    {
        Registry = registry;
        Options = options.Value;
        Logger = loggerFactory.CreateLogger("Provenance.Grpc.Server");
        ExceptionMapper = new ExceptionStatusMapper(Options, Logger);
    }

    public GrpcServerOptions Options { get; }

    public ILogger Logger { get; }

    public ExceptionStatusMapper ExceptionMapper { get; }

    public GrpcServiceRegistry Registry { get; }
}
