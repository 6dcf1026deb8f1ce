namespace Provenance.Grpc;

/// <summary>The request stream of a client- or duplex-streaming call.</summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Ends the request stream (HTTP/2 END_STREAM). Later writes throw.</summary>
    Task CompleteAsync();
}
