namespace Provenance.Grpc;

/// <summary>A stream of outgoing messages: responses on the server, requests on the client.</summary>
public interface IAsyncStreamWriter<in T>
{
    /// <summary>Sends one message. One write at a time: await each before the next.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
