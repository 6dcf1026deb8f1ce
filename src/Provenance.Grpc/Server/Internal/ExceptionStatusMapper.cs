using Microsoft.Extensions.Logging;

namespace Provenance.Grpc.Server.Internal;

/// <summary>
/// The one place where a handler's exception becomes a status. <see cref="RpcException"/> keeps its status;
/// cancellation becomes DEADLINE_EXCEEDED or CANCELLED; the host's mappings
/// (<see cref="GrpcServerOptions.MapException{TException}"/>) come next; anything else is INTERNAL with a generic
/// message, and the exception is logged here rather than sent to the caller.
/// </summary>
internal sealed class ExceptionStatusMapper
{
    public const string GenericInternalDetail = "Exception was thrown by handler.";

    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;

    public ExceptionStatusMapper(GrpcServerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    public (Status Status, Metadata? Trailers) Map(Exception exception, ServerCall call)
    {
        if (exception is RpcException rpc)
        {
            return (rpc.Status, rpc.Trailers);
        }
        if (exception is OperationCanceledException && call.CancellationToken.IsCancellationRequested)
        {
            return call.DeadlineExpired
                ? (new Status(StatusCode.DeadlineExceeded, "Deadline exceeded."), null)
                : (new Status(StatusCode.Cancelled, "The call was cancelled."), null);
        }
        try
        {
            if (_options.MappedStatus(exception) is { } status)
            {
                _logger.LogInformation(
                    "gRPC {Method}: {ExceptionType} mapped to {StatusCode}", call.MethodName, exception.GetType().Name, status.Code);
                return (status, null);
            }
        }
        catch (Exception mappingFailure)
        {
            _logger.LogError(mappingFailure, "gRPC {Method}: the exception mapping for {ExceptionType} failed", call.MethodName, exception.GetType().Name);
        }
        _logger.LogError(exception, "gRPC {Method}: unhandled exception in handler", call.MethodName);
        return (new Status(StatusCode.Internal, GenericInternalDetail), null);
    }
}
