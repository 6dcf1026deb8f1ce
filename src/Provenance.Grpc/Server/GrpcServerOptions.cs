using System.IO.Compression;

namespace Provenance.Grpc.Server;

/// <summary>
/// Server settings, bound from the "Grpc" configuration section by hosts and validated at start
/// (<see cref="GrpcServiceCollectionExtensions.AddGrpcServer"/>).
/// </summary>
public sealed class GrpcServerOptions
{
    public const string SectionName = "Grpc";

    /// <summary>The default receive limit, as in other gRPC implementations.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    private readonly List<ExceptionMapping> _exceptionMappings = [];

    /// <summary>
    /// Largest request message accepted, in bytes, both as sent and after decompression. A larger one ends the
    /// call with RESOURCE_EXHAUSTED, decided from its length prefix before it is buffered.
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxReceiveMessageSize;

    /// <summary>Largest response message a handler may send, in bytes; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// Compression for responses ("gzip" or "identity"), used when the client accepts it. When null, responses
    /// use the encoding of the request if the client accepts it, else none.
    /// </summary>
    public string? ResponseCompression { get; set; }

    public CompressionLevel ResponseCompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>
    /// Declares the status an exception type becomes when a handler throws it. The first registered mapping
    /// whose type matches (the type or a subclass) wins. <see cref="RpcException"/> always carries its own
    /// status; anything unmapped becomes INTERNAL with a generic message and is logged.
    /// </summary>
    public GrpcServerOptions MapException<TException>(Func<TException, Status> map)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(map);
        _exceptionMappings.Add(new ExceptionMapping(typeof(TException), e => map((TException)e)));
        return this;
    }

    /// <summary>
    /// The status the first matching <see cref="MapException{TException}"/> mapping gives <paramref name="exception"/>,
    /// or null when none matches: what a caller would get had a handler thrown it (a service that records outcomes,
    /// such as an audit log, asks here rather than repeating the mappings). A mapping that throws propagates.
    /// </summary>
    public Status? MappedStatus(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var mapping in _exceptionMappings)
        {
            if (mapping.ExceptionType.IsInstanceOfType(exception))
            {
                return mapping.Map(exception);
            }
        }
        return null;
    }

    private sealed record ExceptionMapping(Type ExceptionType, Func<Exception, Status> Map);
}
