using System.IO.Compression;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Provenance.Grpc.Client;

/// <summary>Settings shared by every call on a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted, in bytes (compressed and decompressed); larger ones fail
    /// the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent, in bytes; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Compression of request messages ("gzip" or "identity"); null sends them uncompressed.</summary>
    public string? SendCompression { get; set; }

    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>How long establishing a connection may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>For https addresses: checks the server certificate instead of the system trust store, e.g. to
    /// trust a private CA. Ignored when <see cref="HttpHandler"/> is set.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>Client certificates offered for mutual TLS. Ignored when <see cref="HttpHandler"/> is set.</summary>
    public X509CertificateCollection? ClientCertificates { get; set; }

    /// <summary>A handler to send requests with instead of the channel's own SocketsHttpHandler. It must speak
    /// HTTP/2; the channel does not dispose it.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }
}
