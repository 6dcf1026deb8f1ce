using Grpc.Core;
using Provenance.Core;
using Provenance.Core.Audio.Labeling;
using Provenance.Core.Labeling.Explicit;
using ProvenanceService.Application.Errors;
using ProvenanceService.Auth;
using ProvenanceService.Storage.Faults;

namespace ProvenanceService.Rpc;

/// <summary>
/// The table of which exception becomes which gRPC status: the single place the service decides it. The
/// exceptions' messages are written to be shown to callers. <see cref="ExceptionStatusInterceptor"/> applies it to
/// every call; the Sign audit asks it too, so that an audit line records the status the caller got. A layer
/// that adds an exception callers must tell apart adds one line here.
/// </summary>
internal static class ExceptionStatuses
{
    /// <summary>What a caller sees of an exception nothing here maps: no detail of the service's internals.</summary>
    public const string InternalDetail = "Exception was thrown by handler.";

    // First match wins (the type or a subclass), so more specific types go first.
    private static readonly Mapping[] Table =
    [
        Map<InvalidMediaException>(e => new Status(StatusCode.InvalidArgument, e.Message)),
        Map<InvalidLabelException>(e => new Status(StatusCode.InvalidArgument, e.Message)),
        // The machine lacks the label font: not the caller's fault, and retrying will not help until it is installed.
        Map<LabelFontUnavailableException>(e => new Status(StatusCode.FailedPrecondition, e.Message)),
        // Likewise espeak-ng for a spoken audible label.
        Map<SpeechSynthesizerUnavailableException>(e => new Status(StatusCode.FailedPrecondition, e.Message)),
        Map<AuthenticationFailedException>(e => new Status(StatusCode.Unauthenticated, e.Message)),
        Map<InvalidRequestException>(e => new Status(StatusCode.InvalidArgument, e.Message)),
        Map<NotFoundException>(e => new Status(StatusCode.NotFound, e.Message)),
        Map<PreconditionFailedException>(e => new Status(StatusCode.FailedPrecondition, e.Message)),
        // Storage faults (Storage/Faults): full -> retry once space returns; unavailable or lost -> another replica or later.
        Map<StoreFullException>(e => new Status(StatusCode.ResourceExhausted, e.Message)),
        Map<StoreUnavailableException>(e => new Status(StatusCode.Unavailable, e.Message)),
        Map<StoreLostException>(e => new Status(StatusCode.Unavailable, e.Message)),
    ];

    /// <summary>The status a mapped exception becomes; null when the table has no entry for it.</summary>
    public static Status? Mapped(Exception exception)
    {
        foreach (var mapping in Table)
        {
            if (mapping.Type.IsInstanceOfType(exception))
            {
                return mapping.ToStatus(exception);
            }
        }
        return null;
    }

    /// <summary>
    /// The status the caller of a call ends with when its handler threw <paramref name="exception"/>: an
    /// <see cref="RpcException"/> keeps its own; cancellation is DEADLINE_EXCEEDED or CANCELLED; then the table;
    /// anything else is INTERNAL with <see cref="InternalDetail"/>.
    /// </summary>
    public static Status For(Exception exception, ServerCallContext? context = null) => exception switch
    {
        RpcException rpc => rpc.Status,
        OperationCanceledException when context is not null && context.CancellationToken.IsCancellationRequested =>
            context.Deadline <= DateTime.UtcNow
                ? new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.")
                : new Status(StatusCode.Cancelled, "The call was cancelled."),
        OperationCanceledException when context is null => new Status(StatusCode.Cancelled, "The call was cancelled or its deadline passed."),
        _ => Mapped(exception) ?? new Status(StatusCode.Internal, InternalDetail),
    };

    private static Mapping Map<TException>(Func<TException, Status> toStatus)
        where TException : Exception => new(typeof(TException), e => toStatus((TException)e));

    private sealed record Mapping(Type Type, Func<Exception, Status> ToStatus);
}
