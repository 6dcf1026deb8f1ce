using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Contract = Provenance.Contracts.V1.Provenance;

namespace ProvenanceService.Rpc;

/// <summary>
/// Audits Sign and SignStream calls that ended before their handler ran. Grpc.AspNetCore reads a unary request
/// message before any interceptor, so a message over the receive limit (RESOURCE_EXHAUSTED), one that does not
/// parse or decompress, or a call the client abandoned while it was being read never reach
/// <see cref="ProvenanceRpcService.Sign"/>, whose own audit therefore never runs; nor does a unary Sign that
/// admission control shed (<see cref="AdmissionInterceptor"/>, UNAVAILABLE), nor one whose request fields were out
/// of bounds (<see cref="RequestValidationInterceptor"/>). This endpoint middleware, placed
/// before the gRPC endpoint, sees every such call end: when the handler did not mark the call as its own, it
/// writes the audit line from the status the call ended with.
/// </summary>
internal sealed class RefusedSignAudit(RequestDelegate next)
{
    private static readonly object HandlerEntered = new();
    private static readonly string[] SignPaths = [$"/{Contract.Descriptor.FullName}/Sign", $"/{Contract.Descriptor.FullName}/SignStream"];

    /// <summary>Called by the Sign handler on entry: from then on the handler audits the call itself.</summary>
    public static void MarkHandled(ServerCallContext context) => context.GetHttpContext().Items[HandlerEntered] = true;

    public async Task InvokeAsync(HttpContext context, SignAudit audit)
    {
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>();
        if (method is null || !SignPaths.Contains(method.Method.FullName))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
        if (!context.Items.ContainsKey(HandlerEntered))
        {
            await audit.RefusedAsync(context.Request.Headers.Authorization.ToString(), EndStatus(context)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The status the call ended with: in the response headers when it ended trailers-only (how a refused request
    /// ends), else in the trailers. A client that reset its stream while the message was read never receives a
    /// status (Grpc.AspNetCore writes UNKNOWN for the failed read, or nothing): the audit records it as cancelled.
    /// </summary>
    private static Status EndStatus(HttpContext context)
    {
        var cancelled = new Status(StatusCode.Cancelled, "The client cancelled the call before its request was read.");
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        foreach (var headers in new[] { context.Response.Headers, trailers })
        {
            if (headers is not null && int.TryParse(headers["grpc-status"], out var code))
            {
                return (StatusCode)code == StatusCode.Unknown && context.RequestAborted.IsCancellationRequested
                    ? cancelled
                    : new Status((StatusCode)code, Uri.UnescapeDataString(headers["grpc-message"].ToString()));
            }
        }
        return context.RequestAborted.IsCancellationRequested ? cancelled : new Status(StatusCode.Unknown, "The call ended without a status.");
    }
}
