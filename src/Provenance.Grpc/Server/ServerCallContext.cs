using Microsoft.AspNetCore.Http;
using Provenance.Grpc.Server.Internal;

namespace Provenance.Grpc.Server;

/// <summary>
/// What a handler knows about its call and can set on the response. One instance per call, valid until the
/// handler's task completes.
/// </summary>
public sealed class ServerCallContext
{
    private readonly ServerCall _call;

    internal ServerCallContext(
        ServerCall call,
        string method,
        string host,
        string peer,
        DateTime deadline,
        Metadata requestHeaders,
        string? requestEncoding)
    {
        _call = call;
        Method = method;
        Host = host;
        Peer = peer;
        Deadline = deadline;
        RequestHeaders = requestHeaders;
        RequestEncoding = requestEncoding;
    }

    /// <summary>The method's path, <c>/package.Service/Method</c>.</summary>
    public string Method { get; }

    /// <summary>The <c>:authority</c> the client addressed.</summary>
    public string Host { get; }

    /// <summary>The client's address, e.g. <c>ipv4:127.0.0.1:53211</c> or <c>ipv6:[::1]:53211</c>.</summary>
    public string Peer { get; }

    /// <summary>When the client stops waiting (UTC), from <c>grpc-timeout</c>; <see cref="DateTime.MaxValue"/> when none.</summary>
    public DateTime Deadline { get; }

    /// <summary>Fires when the deadline passes, the client cancels or the connection drops.</summary>
    public CancellationToken CancellationToken => _call.CancellationToken;

    /// <summary>
    /// The client's custom metadata (e.g. <c>authorization</c>), <c>-bin</c> values already base64-decoded.
    /// Protocol headers (<c>grpc-*</c>, <c>content-type</c>, <c>te</c>, pseudo-headers) are not included.
    /// </summary>
    public Metadata RequestHeaders { get; }

    /// <summary>The <c>grpc-encoding</c> the client declared for its messages, or null for none.</summary>
    public string? RequestEncoding { get; }

    /// <summary>Metadata for the response headers; read-only once they are sent (first message or
    /// <see cref="WriteResponseHeadersAsync"/>).</summary>
    public Metadata ResponseHeaders { get; } = new();

    /// <summary>Metadata sent with the status at the end of the call.</summary>
    public Metadata ResponseTrailers { get; } = new();

    /// <summary>
    /// The compression wanted for responses ("gzip" or "identity"); null uses the server's configured policy.
    /// Only honoured when the client's <c>grpc-accept-encoding</c> lists it. Set it before the headers are sent.
    /// </summary>
    public string? ResponseCompression
    {
        get => _call.RequestedResponseCompression;
        set => _call.RequestedResponseCompression = value;
    }

    /// <summary>The encoding response messages are written with: "gzip" or "identity".</summary>
    public string ResponseEncoding => _call.EffectiveResponseEncoding;

    /// <summary>The underlying ASP.NET Core request (connection info, client certificate, services).</summary>
    public HttpContext HttpContext => _call.HttpContext;

    /// <summary>Sends the response headers now, before the first message. At most once per call.</summary>
    public Task WriteResponseHeadersAsync() => _call.WriteResponseHeadersAsync();
}
