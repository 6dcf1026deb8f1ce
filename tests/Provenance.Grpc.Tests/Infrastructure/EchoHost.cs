using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provenance.Grpc.Client;
using Provenance.Grpc.Server;
using Provenance.Grpc.Tests.Echo;

namespace Provenance.Grpc.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on ephemeral loopback ports serving the echo, health and reflection services: h2c on
/// one port and HTTP/1.1 on another (to test the HTTP/1 refusal). Limits are small so tests stay fast:
/// receive 1 MiB, send 2 MiB.
/// </summary>
internal sealed class EchoHost : IAsyncDisposable
{
    public const int ReceiveLimit = 1024 * 1024;
    public const int SendLimit = 2 * 1024 * 1024;

    private readonly WebApplication _app;

    private EchoHost(WebApplication app, int http2Port, int http1Port, CapturedLogs logs)
    {
        _app = app;
        Address = $"http://127.0.0.1:{http2Port}";
        Http1Address = $"http://127.0.0.1:{http1Port}";
        Logs = logs;
        Echo = app.Services.GetRequiredService<EchoService>();
    }

    public string Address { get; }

    public string Http1Address { get; }

    public CapturedLogs Logs { get; }

    public EchoService Echo { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<EchoHost> StartAsync(Action<GrpcServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        ListenOptions? http2 = null;
        ListenOptions? http1 = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                http2 = listen;
            });
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                http1 = listen;
            });
        });
        builder.Services.AddGrpcServer(options =>
        {
            options.MaxReceiveMessageSize = ReceiveLimit;
            options.MaxSendMessageSize = SendLimit;
            options.MapException<KeyNotFoundException>(e => new Status(StatusCode.NotFound, e.Message));
            configure?.Invoke(options);
        });
        builder.Services.AddGrpcHealthService();
        builder.Services.AddSingleton<EchoService>();
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        app.MapGrpcHealthService();
        app.MapGrpcReflectionService();
        await app.StartAsync();
        return new EchoHost(app, http2!.IPEndPoint!.Port, http1!.IPEndPoint!.Port, logs);
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One echo host shared by the test classes of the "echo host" collection.</summary>
public sealed class EchoHostFixture : IAsyncLifetime
{
    internal EchoHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await EchoHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EchoHostCollection : ICollectionFixture<EchoHostFixture>
{
    public const string Name = "echo host";
}
