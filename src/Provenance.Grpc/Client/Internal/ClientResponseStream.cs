using Google.Protobuf;

namespace Provenance.Grpc.Client.Internal;

/// <summary>The response messages of a server- or duplex-streaming call.</summary>
internal sealed class ClientResponseStream<TRequest, TResponse>(ClientCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("No message has been read: call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var message = await call.ReadNextAsync(cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return false;
        }
        _current = message;
        return true;
    }
}
