using Grpc.Core;
using ProvenanceService.Application;
using ProvenanceService.Auth;

namespace ProvenanceService.Rpc;

/// <summary>
/// Sign's audit of the calls that store nothing: each leaves a line naming the status its caller got (which only
/// this layer knows), from a refused key, a stream that ended early, a failure of the pipeline, or a request the
/// server refused before the handler ran (<see cref="RefusedSignAudit"/>). Accepted calls are audited by
/// <see cref="SigningService"/> in the same transaction as their record.
/// </summary>
internal sealed class SignAudit(SigningService signing)
{
    private const string Authorization = "authorization";

    /// <summary>The calling generator; a refused key is audited, then thrown on.</summary>
    public async Task<GeneratorIdentity> AuthenticateAsync(ServerCallContext context)
    {
        try
        {
            return signing.Authenticate(context.RequestHeaders.GetValue(Authorization));
        }
        catch (AuthenticationFailedException e)
        {
            await signing.AuditFailureAsync(SigningService.Unauthenticated, nameof(StatusCode.Unauthenticated), 0, e.Message).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A call that failed in its handler; <paramref name="failure"/> then goes on to become the caller's status.</summary>
    public Task FailedAsync(GeneratorIdentity generator, Exception failure, long inputBytes, ServerCallContext context)
    {
        var status = ExceptionStatuses.For(failure, context);
        // An unmapped exception reaches the caller as INTERNAL with no detail; the audit names its type only.
        var detail = status.StatusCode == StatusCode.Internal && status.Detail == ExceptionStatuses.InternalDetail
            ? failure.GetType().Name
            : status.Detail;
        return signing.AuditFailureAsync(generator.Name, status.StatusCode.ToString(), inputBytes, detail);
    }

    /// <summary>A unary call whose request the server refused before the handler ran; the generator is named when its key authenticates.</summary>
    public Task RefusedAsync(string? authorization, Status status) =>
        signing.AuditFailureAsync(signing.AuditName(authorization), status.StatusCode.ToString(), 0, status.Detail);
}
