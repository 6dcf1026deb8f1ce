using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Provenance.Contracts.V1;
using Provenance.Core;
using Provenance.Grpc;
using Provenance.Grpc.Health;
using Provenance.Grpc.Server;
using ProvenanceService.Auth;
using ProvenanceService.Rpc;
using ProvenanceService.Storage.Faults;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProvenanceService.Hosting;

/// <summary>
/// Everything the host registers, so that Program.cs stays short: Kestrel endpoints (h2c on 127.0.0.1:50051
/// unless configured), log format, the gRPC server and its options, the exception-to-status mappings, the
/// provenance application (Hosting/ProvenanceApplicationExtensions.cs), health and reflection services.
/// </summary>
internal static class ProvenanceServiceExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:50051";
    private const string StartFailureKey = "provenance.start-failure";

    /// <summary>Command-line shorthands for settings (design.md): <c>--data-dir DIR</c> is Storage:DataDirectory.</summary>
    private static readonly Dictionary<string, string> SwitchMappings = new() { ["--data-dir"] = "Storage:DataDirectory" };

    public static WebApplicationBuilder AddProvenanceService(this WebApplicationBuilder builder, string[]? args = null)
    {
        builder.Configuration.AddCommandLine(args ?? [], SwitchMappings);
        ConfigureEndpoints(builder);
        ConfigureLogging(builder);

        builder.Services
            .AddGrpcServer(options =>
            {
                // The one place where exceptions from the layers below become gRPC statuses. Their messages
                // are written to be shown to callers; anything unmapped is INTERNAL with a generic message.
                options.MapException<InvalidMediaException>(e => new Status(StatusCode.InvalidArgument, e.Message));
                options.MapException<AuthenticationFailedException>(e => new Status(StatusCode.Unauthenticated, e.Message));
                // Storage faults (Storage/Faults): full -> retry once space returns; unavailable or lost -> another replica or later.
                options.MapException<StoreFullException>(e => new Status(StatusCode.ResourceExhausted, e.Message));
                options.MapException<StoreUnavailableException>(e => new Status(StatusCode.Unavailable, e.Message));
                options.MapException<StoreLostException>(e => new Status(StatusCode.Unavailable, e.Message));
            })
            .BindConfiguration(GrpcServerOptions.SectionName);
        builder.Services.AddGrpcHealthService();
        builder.Services.AddSingleton<IHealthCheckPublisher, GrpcHealthPublisher>();
        builder.Services.Configure<HealthCheckPublisherOptions>(o => (o.Delay, o.Period) = (TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        builder.Services.AddProvenanceApplication();
        builder.Services.AddSingleton<ProvenanceRpcService>();
        return builder;
    }

    public static WebApplication MapProvenanceService(this WebApplication app)
    {
        try
        {
            app.Services.CheckProvenanceApplication(app.Logger);
        }
        catch (Exception ex) when (ex is StoreFaultException or OptionsValidationException)
        {
            // A store that cannot be opened (e.g. a lost database) or bad settings end the start in RunProvenanceService.
            ((IApplicationBuilder)app).Properties[StartFailureKey] = ex is OptionsValidationException invalid
                ? "invalid configuration: " + string.Join(" ", invalid.Failures)
                : "storage: " + ex.Message;
            return app;
        }
        app.MapGrpcService<ProvenanceRpcService>();
        app.MapGrpcHealthService();
        app.MapGrpcReflectionService();

        var health = app.Services.GetRequiredService<GrpcHealthService>();
        health.SetStatus("", ServingStatus.Serving);
        health.SetStatus(ProvenanceMethods.Service.FullName, ServingStatus.Serving);

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var grpc = app.Services.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
            app.Logger.LogInformation(
                "Provenance service started on {Urls}; max receive message {MaxReceiveMessageSize} bytes, response compression {ResponseCompression}",
                string.Join(", ", app.Urls), grpc.MaxReceiveMessageSize, grpc.ResponseCompression ?? "as requested");
        });
        app.Lifetime.ApplicationStopping.Register(() =>
            app.Logger.LogInformation("Provenance service stopping: finishing calls in flight, refusing new ones"));
        return app;
    }

    /// <summary>
    /// Runs until SIGTERM/SIGINT (Kestrel then lets calls in flight finish). A configuration that cannot start
    /// ends the process with exit code 2 and one line naming the problem on stderr; the host's own log keeps
    /// the details.
    /// </summary>
    public static int RunProvenanceService(this WebApplication app)
    {
        if (((IApplicationBuilder)app).Properties.TryGetValue(StartFailureKey, out var startFailure))
        {
            return StartFailure((string)startFailure!);
        }
        var started = false;
        app.Lifetime.ApplicationStarted.Register(() => started = true);
        try
        {
            app.Run();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            return StartFailure("invalid configuration: " + string.Join(" ", ex.Failures));
        }
        catch (Exception ex) when (!started && ex is InvalidOperationException or FormatException)
        {
            // How Kestrel and the configuration binder report bad settings: an unparsable value or URL, an
            // https URL without a certificate.
            return StartFailure("invalid configuration: " + ex.Message);
        }
        catch (IOException ex) when (!started)
        {
            return StartFailure("cannot listen: " + ex.Message);
        }
    }

    private static int StartFailure(string message)
    {
        Console.Error.WriteLine("provenance-service: " + message);
        return 2;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        // One line per event with a UTC timestamp; --Logging:Console:FormatterName=json gives JSON lines with
        // every structured property instead.
        const string timestamp = "yyyy-MM-ddTHH:mm:ss.fffZ";
        builder.Services.Configure<SimpleConsoleFormatterOptions>(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = timestamp + " ";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.UseUtcTimestamp = true;
            options.TimestampFormat = timestamp;
        });
    }

    private static void ConfigureEndpoints(WebApplicationBuilder builder)
    {
        // gRPC needs HTTP/2. Cleartext endpoints therefore speak HTTP/2 only (prior knowledge, "h2c"); TLS
        // endpoints negotiate h2 through ALPN. A certificate is configured the Kestrel way, e.g.
        // --Kestrel:Certificates:Default:Path=server.pfx with an https:// URL.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));

        var configuration = builder.Configuration;
        var configured = !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }
}
