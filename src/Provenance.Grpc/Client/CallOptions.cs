namespace Provenance.Grpc.Client;

/// <summary>Per-call settings.</summary>
public sealed record CallOptions
{
    /// <summary>Custom metadata sent as request headers (e.g. <c>authorization</c>, <c>-bin</c> keys).</summary>
    public Metadata? Headers { get; init; }

    /// <summary>When the call gives up (sent as <c>grpc-timeout</c>); it then fails with DEADLINE_EXCEEDED.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Cancels the call (the HTTP/2 stream is reset); it then fails with CANCELLED.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Overrides the channel's request compression for this call ("gzip" or "identity").</summary>
    public string? SendCompression { get; init; }
}
