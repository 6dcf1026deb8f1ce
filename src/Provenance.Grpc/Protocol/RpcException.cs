using System.Diagnostics.CodeAnalysis;

namespace Provenance.Grpc;

/// <summary>
/// A call that ended with a status other than OK. Handlers throw it to answer with that status (and optional
/// trailers); the client throws it when a call fails, with the trailers the server sent.
/// </summary>
public class RpcException : Exception
{
    public RpcException(StatusCode code, string detail)
        : this(new Status(code, detail))
    {
    }

    public RpcException(Status status)
        : this(status, new Metadata())
    {
    }

    public RpcException(Status status, Metadata trailers)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers;
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.Code;

    /// <summary>Trailing metadata: sent with the status by a server, received with it by a client.</summary>
    public Metadata Trailers { get; }

    /// <summary>Throw helper that keeps callers' hot paths small.</summary>
    [DoesNotReturn]
    public static void Throw(StatusCode code, string detail) => throw new RpcException(code, detail);
}
