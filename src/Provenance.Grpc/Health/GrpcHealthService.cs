using System.Threading.Channels;
using Grpc.Health.V1;
using Provenance.Grpc.Server;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Provenance.Grpc.Health;

/// <summary>
/// The standard health service (grpc/grpc doc/health-checking.md). The host records a status per service name,
/// "" standing for the whole server. <c>Check</c> answers NOT_FOUND for a name never recorded; <c>Watch</c>
/// sends the current status (SERVICE_UNKNOWN for such a name) and then every change, until the client leaves or
/// the server shuts down, when watchers receive NOT_SERVING and their streams end.
/// </summary>
public sealed class GrpcHealthService : IGrpcService
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal);
    private readonly List<(string Service, ChannelWriter<ServingStatus> Updates)> _watchers = [];
    private bool _shutDown;

    /// <summary>Records the status of <paramref name="service"/> and tells its watchers.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_gate)
        {
            if (_shutDown)
            {
                return; // After shutdown everything stays NOT_SERVING.
            }
            _statuses[service] = status;
            Notify(service, status);
        }
    }

    /// <summary>Forgets <paramref name="service"/>: Check then answers NOT_FOUND, watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        lock (_gate)
        {
            if (_statuses.Remove(service))
            {
                Notify(service, ServingStatus.ServiceUnknown);
            }
        }
    }

    public bool TryGetStatus(string service, out ServingStatus status)
    {
        lock (_gate)
        {
            return _statuses.TryGetValue(service, out status);
        }
    }

    /// <summary>Marks every service NOT_SERVING and ends the Watch streams, so that they do not hold up a
    /// graceful shutdown.</summary>
    public void Shutdown()
    {
        lock (_gate)
        {
            _shutDown = true;
            foreach (var service in _statuses.Keys.ToList())
            {
                _statuses[service] = ServingStatus.NotServing;
            }
            foreach (var (_, updates) in _watchers)
            {
                updates.TryWrite(ServingStatus.NotServing);
                updates.TryComplete();
            }
            _watchers.Clear();
        }
    }

    public GrpcServiceDefinition BindService() =>
        GrpcServiceDefinition.CreateBuilder(HealthReflection.Descriptor.Services[0])
            .AddUnaryMethod(HealthMethods.Check, CheckAsync)
            .AddServerStreamingMethod(HealthMethods.Watch, WatchAsync)
            .Build();

    private Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, ServerCallContext context)
    {
        if (!TryGetStatus(request.Service, out var status))
        {
            throw new RpcException(StatusCode.NotFound, $"Service '{request.Service}' is unknown to the health service.");
        }
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    private async Task WatchAsync(HealthCheckRequest request, IAsyncStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        // Only the latest status matters to a watcher that falls behind.
        var updates = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        var watcher = (request.Service, updates.Writer);
        lock (_gate)
        {
            updates.Writer.TryWrite(_statuses.TryGetValue(request.Service, out var current) ? current : ServingStatus.ServiceUnknown);
            if (_shutDown)
            {
                updates.Writer.TryComplete();
            }
            else
            {
                _watchers.Add(watcher);
            }
        }
        try
        {
            ServingStatus? sent = null;
            await foreach (var status in updates.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                if (status != sent)
                {
                    await responses.WriteAsync(new HealthCheckResponse { Status = status }).ConfigureAwait(false);
                    sent = status;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    private void Notify(string service, ServingStatus status)
    {
        foreach (var (watched, updates) in _watchers)
        {
            if (watched == service)
            {
                updates.TryWrite(status);
            }
        }
    }
}
