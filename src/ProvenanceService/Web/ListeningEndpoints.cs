using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ProvenanceService.Web;

/// <summary>What a listening endpoint serves: gRPC over HTTP/2 (h2c when plaintext), or the web page and the
/// HTTP/JSON routes over HTTP/1.1.</summary>
internal enum EndpointRole
{
    Grpc,
    Web,
}

/// <summary>One endpoint as configured, and Kestrel's options for it (which hold the bound port once started).</summary>
internal sealed record ListeningEndpoint(EndpointRole Role, string ConfiguredUrl, ListenOptions Options)
{
    /// <summary>The URL as configured, with the port Kestrel chose when the configuration said port 0.</summary>
    public string Url
    {
        get
        {
            var address = BindingAddress.Parse(ConfiguredUrl);
            var port = Options.IPEndPoint is { Port: > 0 } bound ? bound.Port : address.Port;
            return $"{address.Scheme}://{address.Host}:{port}";
        }
    }
}

/// <summary>
/// The endpoints Kestrel was told to listen on, by role, filled while Kestrel loads its configuration
/// (Web/EndpointConfiguration.cs). The start log and the tests read the actual addresses from here, since a
/// plaintext port serves either h2c or HTTP/1.1 and the two kinds must not be confused.
/// </summary>
internal sealed class ListeningEndpoints
{
    private readonly List<ListeningEndpoint> _endpoints = [];
    private readonly Lock _lock = new();

    public void Add(ListeningEndpoint endpoint)
    {
        lock (_lock)
        {
            _endpoints.Add(endpoint);
        }
    }

    public IReadOnlyList<ListeningEndpoint> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _endpoints];
            }
        }
    }

    public IEnumerable<string> UrlsOf(EndpointRole role) => All.Where(e => e.Role == role).Select(e => e.Url);
}
