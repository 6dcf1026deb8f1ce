using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ProvenanceService.Web;

/// <summary>
/// Turns the addresses an operator gives into Kestrel endpoints with the right protocol each. A plaintext port
/// serves either h2c or HTTP/1.1, never both, so gRPC (<c>--urls</c>, default http://127.0.0.1:50051) and the
/// web page with its HTTP/JSON routes (<c>--web-urls</c>, default http://127.0.0.1:8080) get separate ports.
/// Both lists become entries of the "Kestrel:Endpoints" configuration section, so Kestrel itself parses the URLs
/// (localhost, *, https with the default certificate). When <c>--urls</c> was given, Kestrel still logs that it
/// "overrides" those addresses with the configured endpoints: the host read them before this code ran, and the
/// endpoints it binds instead are the same addresses. Endpoints an operator writes under Kestrel:Endpoints replace
/// the gRPC list.
/// </summary>
internal static class EndpointConfiguration
{
    /// <summary>Configuration key of the web addresses; <c>--web-urls</c> on the command line. "none" turns the web port off.</summary>
    public const string WebUrlsKey = "Web:Urls";

    public const string DefaultWebUrl = "http://127.0.0.1:8080";

    public const string GrpcEndpointPrefix = "Grpc";
    public const string WebEndpointPrefix = "Web";

    public static void Configure(WebApplicationBuilder builder, string defaultGrpcUrl)
    {
        var configuration = builder.Configuration;
        var endpoints = new Dictionary<string, string?>();
        var names = new List<(string Name, EndpointRole Role, string Url)>();
        if (!configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            var grpc = GrpcUrls(configuration, defaultGrpcUrl);
            for (var i = 0; i < grpc.Count; i++)
            {
                names.Add(($"{GrpcEndpointPrefix}{i}", EndpointRole.Grpc, grpc[i]));
            }
        }
        var web = Split(configuration[WebUrlsKey] ?? DefaultWebUrl);
        if (!(web.Count == 1 && web[0].Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            for (var i = 0; i < web.Count; i++)
            {
                names.Add(($"{WebEndpointPrefix}{i}", EndpointRole.Web, web[i]));
            }
        }
        foreach (var (name, role, url) in names)
        {
            endpoints[$"Kestrel:Endpoints:{name}:Url"] = url;
            endpoints[$"Kestrel:Endpoints:{name}:Protocols"] = role == EndpointRole.Grpc ? nameof(HttpProtocols.Http2) : nameof(HttpProtocols.Http1);
        }
        configuration.AddInMemoryCollection(endpoints);

        var listening = new ListeningEndpoints();
        builder.Services.AddSingleton(listening);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var loader = kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false);
            foreach (var (name, role, url) in names)
            {
                loader.Endpoint(name, endpoint => listening.Add(new ListeningEndpoint(role, url, endpoint.ListenOptions)));
            }
        });
    }

    /// <summary>gRPC addresses: <c>urls</c> (--urls, ASPNETCORE_URLS), else the http_ports/https_ports lists, else the default.</summary>
    private static List<string> GrpcUrls(IConfiguration configuration, string defaultUrl)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            return Split(urls);
        }
        var ports = Split(configuration[WebHostDefaults.HttpPortsKey] ?? "").Select(p => $"http://*:{p}")
            .Concat(Split(configuration[WebHostDefaults.HttpsPortsKey] ?? "").Select(p => $"https://*:{p}"))
            .ToList();
        return ports.Count > 0 ? ports : [defaultUrl];
    }

    private static List<string> Split(string list) =>
        [.. list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
