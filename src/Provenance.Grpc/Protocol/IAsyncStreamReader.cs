namespace Provenance.Grpc;

/// <summary>A stream of incoming messages: requests on the server, responses on the client.</summary>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>Reads the next message; false at the end of the stream. One read at a time.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}
