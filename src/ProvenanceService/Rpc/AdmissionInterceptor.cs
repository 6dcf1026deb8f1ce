using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using ProvenanceService.Options;
using Contract = Provenance.Contracts.V1.Provenance;

namespace ProvenanceService.Rpc;

/// <summary>
/// Load shedding: Sign, SignStream, Verify and VerifyStream (which decode whole pictures) run only inside a slot of
/// <see cref="CallAdmission"/>; a call that finds none in time ends with UNAVAILABLE before its handler runs, so
/// a burst costs a short wait and a refusal instead of unbounded latency and memory. Every other method (health,
/// reflection, GetManifest, ListReports) passes untouched, so that probes keep answering under load.
/// <para>
/// UNAVAILABLE, not RESOURCE_EXHAUSTED: gRPC defines UNAVAILABLE as a transient condition to retry with backoff,
/// and it is the code retry policies and service meshes retry by default; the service already answers
/// RESOURCE_EXHAUSTED for conditions a retry will not cure (a message over the receive limit, a full disk). The
/// call did nothing before it was refused, so retrying even a Sign is safe. The grpc-retry-pushback-ms trailer
/// (gRFC A6) tells clients with a retry policy how long to wait.
/// </para>
/// <para>
/// The refusal is an <see cref="RpcException"/> thrown here rather than a row of <see cref="ExceptionStatuses"/>
/// because it carries that trailer; like a message over the receive limit it happens before the handler, so a
/// refused Sign or SignStream is audited by <see cref="RefusedSignAudit"/>.
/// </para>
/// </summary>
internal sealed class AdmissionInterceptor(CallAdmission admission, IOptions<AdmissionOptions> options, ILogger<AdmissionInterceptor> logger)
    : Interceptor
{
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    private static readonly HashSet<string> Expensive =
    [
        .. new[] { "Sign", "SignStream", "Verify", "VerifyStream" }.Select(m => $"/{Contract.Descriptor.FullName}/{m}"),
    ];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!Expensive.Contains(context.Method))
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        using var slot = await EnterAsync(context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!Expensive.Contains(context.Method))
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        using var slot = await EnterAsync(context).ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!Expensive.Contains(context.Method))
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return;
        }
        using var slot = await EnterAsync(context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!Expensive.Contains(context.Method))
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return;
        }
        using var slot = await EnterAsync(context).ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    /// <summary>The call's slot (held until the handler has finished streaming), or the refusal.</summary>
    private async Task<IDisposable> EnterAsync(ServerCallContext context)
    {
        // A call cancelled or past its deadline while queued throws OperationCanceledException on, which
        // ExceptionStatusInterceptor answers CANCELLED or DEADLINE_EXCEEDED.
        var slot = await admission.EnterAsync(context.CancellationToken).ConfigureAwait(false);
        if (slot is not null)
        {
            return slot;
        }
        var settings = options.Value;
        logger.LogWarning("gRPC {Method}: refused, {MaxConcurrentCalls} calls running and the queue full or waited {QueueTimeout}",
            context.Method, settings.MaxConcurrentCalls, settings.QueueTimeout);
        var retryAfter = (long)settings.RetryAfter.TotalMilliseconds;
        throw new RpcException(
            new Status(StatusCode.Unavailable,
                $"The server is busy: all {settings.MaxConcurrentCalls} slots for Sign and Verify calls are taken and no slot came free in time. " +
                $"Nothing was done; retry after {retryAfter} ms."),
            new Metadata { { RetryPushbackTrailer, retryAfter.ToString(CultureInfo.InvariantCulture) } });
    }
}
