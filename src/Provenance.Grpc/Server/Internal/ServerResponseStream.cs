using Google.Protobuf;

namespace Provenance.Grpc.Server.Internal;

/// <summary>The response messages of a server- or duplex-streaming call.</summary>
internal sealed class ServerResponseStream<T> : IAsyncStreamWriter<T>
    where T : class, IMessage<T>
{
    private readonly ServerCall _call;
    private int _writing;

    public ServerResponseStream(ServerCall call) => _call = call;

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("Only one write can be pending at a time.");
        }
        try
        {
            using var linked = cancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _call.CancellationToken)
                : null;
            await _call.WriteMessageAsync(message, linked?.Token ?? _call.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }
}
