using Grpc.Core;
using Grpc.Net.Client;
using Contract = Provenance.Contracts.V1.Provenance;

namespace Provenance.Cli.Service;

/// <summary>
/// A connection to the provenance service (`--server URL`) through Grpc.Net.Client and the client generated from
/// provenance.proto, with the caller's API key when there is one.
/// </summary>
internal sealed class ServiceConnection : IDisposable
{
    /// <summary>Environment variable the API key is read from when --api-key is not given.</summary>
    public const string ApiKeyVariable = "PROVENANCE_API_KEY";

    /// <summary>Files above this go through the streaming RPCs (the server's default unary limit is 4 MiB).</summary>
    public const int UnaryLimit = 3 * 1024 * 1024;

    /// <summary>Chunk size of the streaming RPCs.</summary>
    public const int ChunkSize = 1024 * 1024;

    private readonly GrpcChannel _channel;
    private readonly string? _apiKey;

    public ServiceConnection(Uri server, string? apiKey, int maxResponseBytes)
    {
        _channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { MaxReceiveMessageSize = maxResponseBytes });
        _apiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
        Client = new Contract.ProvenanceClient(_channel);
    }

    public Contract.ProvenanceClient Client { get; }

    public bool HasApiKey => _apiKey is not null;

    public CallOptions Options(CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var headers = new Metadata();
        if (_apiKey is not null)
        {
            headers.Add("authorization", "Bearer " + _apiKey);
        }
        return new CallOptions(headers, DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2)), cancellationToken);
    }

    /// <summary>The key from the option, else from <see cref="ApiKeyVariable"/>, else null.</summary>
    public static string? ResolveApiKey(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option : Environment.GetEnvironmentVariable(ApiKeyVariable);

    public void Dispose() => _channel.Dispose();
}
