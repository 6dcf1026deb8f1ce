using Google.Protobuf;

namespace Provenance.Grpc.Server.Internal;

/// <summary>The request messages of a client- or duplex-streaming call, read from the HTTP/2 request body.</summary>
internal sealed class ServerRequestStream<T> : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private readonly ServerCall _call;
    private readonly MessageParser<T> _parser;
    private T? _current;
    private int _reading;

    public ServerRequestStream(ServerCall call, MessageParser<T> parser)
    {
        _call = call;
        _parser = parser;
    }

    public T Current => _current ?? throw new InvalidOperationException("No message has been read: call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("Only one read can be pending at a time.");
        }
        try
        {
            using var linked = cancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _call.CancellationToken)
                : null;
            var message = await _call.Reader.ReadAsync(_parser, linked?.Token ?? _call.CancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                return false;
            }
            _current = message;
            return true;
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }
}
