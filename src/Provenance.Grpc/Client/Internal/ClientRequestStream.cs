using Google.Protobuf;

namespace Provenance.Grpc.Client.Internal;

/// <summary>The request messages of a client- or duplex-streaming call.</summary>
internal sealed class ClientRequestStream<TRequest, TResponse>(ClientCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default) =>
        call.WriteAsync(message, cancellationToken);

    public Task CompleteAsync() => call.CompleteRequestAsync();
}
