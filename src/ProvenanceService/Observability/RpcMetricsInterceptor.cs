using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ProvenanceService.Observability;

/// <summary>
/// Counts and times every call by service, method and final status. Installed as the outermost interceptor
/// (Observability/MetricsExtensions.cs), so it sees the status Rpc/ExceptionStatusInterceptor.cs mapped and the
/// refusals of every interceptor inside it. Calls Grpc.AspNetCore refuses before any interceptor runs (an
/// oversize message) are not counted here.
/// </summary>
internal sealed class RpcMetricsInterceptor(ServiceMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Ended(context, started, null);
            return response;
        }
        catch (Exception e)
        {
            Ended(context, started, e);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(requestStream, context).ConfigureAwait(false);
            Ended(context, started, null);
            return response;
        }
        catch (Exception e)
        {
            Ended(context, started, e);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            Ended(context, started, null);
        }
        catch (Exception e)
        {
            Ended(context, started, e);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            Ended(context, started, null);
        }
        catch (Exception e)
        {
            Ended(context, started, e);
            throw;
        }
    }

    private void Ended(ServerCallContext context, long started, Exception? failure)
    {
        // A handler that returns normally may still have set a status; anything but an RpcException becomes
        // UNKNOWN in Grpc.AspNetCore (none should get here past ExceptionStatusInterceptor).
        var status = failure switch
        {
            null => context.Status.StatusCode,
            RpcException rpc => rpc.StatusCode,
            OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
            _ => StatusCode.Unknown,
        };
        var (service, method) = Split(context.Method);
        metrics.CallEnded(service, method, status, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>"/provenance.v1.Provenance/Sign" into ("provenance.v1.Provenance", "Sign").</summary>
    private static (string Service, string Method) Split(string path)
    {
        var trimmed = path.TrimStart('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? ("", trimmed) : (trimmed[..slash], trimmed[(slash + 1)..]);
    }
}
