using System.IO.Compression;

namespace ProvenanceService.Options;

/// <summary>
/// The gRPC server's settings (configuration section "Grpc"), applied to Grpc.AspNetCore's own options by
/// Hosting/ProvenanceServiceExtensions.cs and checked at start (<see cref="RpcOptionsValidator"/>).
/// </summary>
internal sealed class RpcOptions
{
    public const string Section = "Grpc";

    public const string Gzip = "gzip";
    public const string Identity = "identity";

    /// <summary>
    /// Largest request message accepted, in bytes, as sent and after decompression (default 4 MiB, as in other
    /// gRPC implementations). A larger one ends the call with RESOURCE_EXHAUSTED; files above it go through the
    /// streaming RPCs.
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message the service sends, in bytes; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// Compression of every response whose client accepts it ("gzip" or "identity"). When null, a response is
    /// compressed the way its request was (a gzip request gets a gzip answer), else not at all.
    /// </summary>
    public string? ResponseCompression { get; set; }

    public CompressionLevel ResponseCompressionLevel { get; set; } = CompressionLevel.Fastest;
}
