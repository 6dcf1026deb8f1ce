namespace Provenance.Grpc.Client.Internal;

/// <summary>What the public call objects expose of a call, whatever its message types.</summary>
internal interface IClientCallState : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();

    /// <summary>Response messages that arrived compressed (diagnostics, tests).</summary>
    int CompressedMessagesReceived { get; }
}
