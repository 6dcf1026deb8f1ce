using Grpc.Core;
using Grpc.Core.Interceptors;
using Provenance.Contracts.V1;
using Provenance.Core;
using Contract = Provenance.Contracts.V1.Provenance;

namespace ProvenanceService.Rpc;

/// <summary>
/// Load shedding for unary Sign and Verify (which decode whole pictures): the handler runs only inside a slot and
/// decode budget of <see cref="CallAdmission"/>; a call that finds none in time ends with UNAVAILABLE before its
/// handler runs, so a burst costs a short wait and a refusal instead of unbounded latency and memory. Every other
/// method (health, reflection, GetManifest, ListReports) passes untouched, so that probes keep answering under load.
/// <para>
/// SignStream and VerifyStream are admitted by their handlers (<see cref="ProvenanceRpcService"/>) once the upload
/// is in, not here at the start of the call. Admitting at the start let a slow uploader hold a slot while it sent,
/// and a call queued here has not read its request stream: HTTP/2 flow control counts unread data against the
/// whole connection's window (Kestrel returns it only as the handler reads), so a few queued uploads of more than
/// 1 MB in all stopped every other call on the same connection, health checks included, until they were admitted
/// (tests/ProvenanceService.Tests/Rpc/ProbesUnderLoadTests.cs).
/// </para>
/// <para>
/// UNAVAILABLE, not RESOURCE_EXHAUSTED: gRPC defines UNAVAILABLE as a transient condition to retry with backoff,
/// and it is the code retry policies and service meshes retry by default; the service already answers
/// RESOURCE_EXHAUSTED for conditions a retry will not cure (a message over the receive limit, a full disk). The
/// call did nothing before it was refused, so retrying even a Sign is safe. The grpc-retry-pushback-ms trailer
/// (gRFC A6) tells clients with a retry policy how long to wait. A refused unary Sign is audited by
/// <see cref="RefusedSignAudit"/>, as it never reached its handler.
/// </para>
/// </summary>
internal sealed class AdmissionInterceptor(CallAdmission admission) : Interceptor
{
    private static readonly string SignPath = $"/{Contract.Descriptor.FullName}/Sign";
    private static readonly string VerifyPath = $"/{Contract.Descriptor.FullName}/Verify";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var (media, call) = context.Method == SignPath && request is SignRequest sign ? (sign.Media, MediaCall.Sign)
            : context.Method == VerifyPath && request is VerifyRequest verify ? (verify.Media, MediaCall.Verify)
            : (null, default);
        if (media is null)
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        using var lease = await admission.AdmitAsync(media.Memory, call, context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }
}
