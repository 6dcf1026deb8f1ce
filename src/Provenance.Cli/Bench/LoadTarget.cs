using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Contracts.V1;
using Contract = Provenance.Contracts.V1.Provenance;

namespace Provenance.Cli.Bench;

/// <summary>
/// The servers a load run calls: one channel per address, each allowed several HTTP/2 connections (a single
/// connection would cap the run at the server's 100 concurrent streams); client i calls server i mod n, as a
/// round-robin load balancer would spread them. Sign carries the generator's key, Verify is anonymous (open).
/// </summary>
internal sealed class LoadTarget : IDisposable
{
    private const int MaxResponseBytes = 64 * 1024 * 1024;

    private readonly List<GrpcChannel> _channels;
    private readonly List<Contract.ProvenanceClient> _clients;
    private readonly Metadata _signHeaders;
    private readonly TimeSpan _timeout;

    public LoadTarget(IReadOnlyList<Uri> servers, string generatorKey, TimeSpan timeout)
    {
        _channels = servers.Select(s => GrpcChannel.ForAddress(s, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxResponseBytes,
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, AutomaticDecompression = DecompressionMethods.None },
        })).ToList();
        _clients = _channels.Select(c => new Contract.ProvenanceClient(c)).ToList();
        _signHeaders = new Metadata { { "authorization", "Bearer " + generatorKey } };
        _timeout = timeout;
    }

    public int Servers => _clients.Count;

    public async Task<byte[]> SignAsync(int client, byte[] media)
    {
        var response = await _clients[client % _clients.Count].SignAsync(
            new SignRequest { Media = ByteString.CopyFrom(media), Generation = new GenerationInfo { ModelName = "bench-load" } },
            new CallOptions(_signHeaders, DateTime.UtcNow + _timeout));
        return response.Media.ToByteArray();
    }

    public async Task<Verdict> VerifyAsync(int client, ByteString media)
    {
        var response = await _clients[client % _clients.Count].VerifyAsync(new VerifyRequest { Media = media },
            new CallOptions(deadline: DateTime.UtcNow + _timeout));
        return response.Verdict;
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
