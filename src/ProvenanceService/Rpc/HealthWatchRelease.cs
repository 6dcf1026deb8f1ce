using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProvenanceService.Rpc;

/// <summary>
/// Ends grpc.health.v1 Watch streams when the service stops: each watcher is told NOT_SERVING and its call ends
/// with OK. Grpc.HealthCheck's Watch runs until its call's token fires, and Kestrel's graceful shutdown waits for
/// calls in flight, so without this every watcher (a load balancer's probe) would hold the shutdown until its
/// timeout and then see its stream reset, never learning that the service is going away. The watch itself is
/// left waiting (the process is ending); whatever it still writes is dropped.
/// </summary>
internal sealed class HealthWatchRelease(IHostApplicationLifetime lifetime) : Interceptor
{
    private static readonly string WatchMethod = $"/{Health.Descriptor.FullName}/Watch";

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method != WatchMethod)
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return;
        }
        var writer = new ClosableWriter<TResponse>(responseStream);
        var watch = continuation(request, writer, context);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        {
            if (await Task.WhenAny(watch, stopping.Task).ConfigureAwait(false) == watch)
            {
                await watch.ConfigureAwait(false);
                return;
            }
        }
        await writer.CloseWithAsync((TResponse)(object)new HealthCheckResponse { Status = ServingStatus.NotServing }).ConfigureAwait(false);
    }

    /// <summary>A response stream that, once closed with a last message, drops further writes.</summary>
    private sealed class ClosableWriter<T>(IServerStreamWriter<T> inner) : IServerStreamWriter<T>
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private bool _closed;

        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, close: false);

        public Task CloseWithAsync(T message) => WriteAsync(message, close: true);

        private async Task WriteAsync(T message, bool close)
        {
            await _lock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_closed)
                {
                    return;
                }
                _closed = close;
                await inner.WriteAsync(message).ConfigureAwait(false);
            }
            finally
            {
                _lock.Release();
            }
        }
    }
}
