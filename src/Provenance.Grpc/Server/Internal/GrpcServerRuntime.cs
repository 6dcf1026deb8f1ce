using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Provenance.Grpc.Server.Internal;

/// <summary>
/// What every call needs from the container: options, logger, exception mapping, mapped services. Options are
/// read on first use, not when services are mapped, so that an invalid configuration is reported by the host's
/// start-up validation rather than by endpoint mapping.
/// </summary>
internal sealed class GrpcServerRuntime
{
    private readonly IOptions<GrpcServerOptions> _options;
    private ExceptionStatusMapper? _exceptionMapper;

    public GrpcServerRuntime(IOptions<GrpcServerOptions> options, ILoggerFactory loggerFactory, GrpcServiceRegistry registry)
    {
        _options = options;
        Registry = registry;
        Logger = loggerFactory.CreateLogger("Provenance.Grpc.Server");
    }

    public GrpcServerOptions Options => _options.Value;

    public ILogger Logger { get; }

    public ExceptionStatusMapper ExceptionMapper => _exceptionMapper ??= new ExceptionStatusMapper(Options, Logger);

    public GrpcServiceRegistry Registry { get; }
}
