using System.Reflection;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using ProvenanceService.Options;
using ProvenanceService.Observability;
using ProvenanceService.Rpc;
using ProvenanceService.Storage.Faults;
using ProvenanceService.Web;
using Contract = Provenance.Contracts.V1.Provenance;

namespace ProvenanceService.Hosting;

/// <summary>
/// Everything the host registers, so that Program.cs stays short: Kestrel endpoints (h2c on 127.0.0.1:50051
/// unless configured), log format, Grpc.AspNetCore with its options and interceptors, the provenance application
/// (Hosting/ProvenanceApplicationExtensions.cs), grpc.health.v1 on ASP.NET Core health checks, and reflection.
/// </summary>
internal static class ProvenanceServiceExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:50051";

    /// <summary>The health check that covers the store; grpc.health.v1 reports both "" and the service from it.</summary>
    public const string StoreHealthCheckName = "store";

    /// <summary>Command-line shorthands for settings (design.md): <c>--data-dir DIR</c> is Storage:DataDirectory.</summary>
    private static readonly Dictionary<string, string> SwitchMappings = new()
    {
        ["--data-dir"] = "Storage:DataDirectory",
        ["--web-urls"] = EndpointConfiguration.WebUrlsKey,
    };

    public static WebApplicationBuilder AddProvenanceService(this WebApplicationBuilder builder, string[]? args = null)
    {
        builder.Configuration.AddCommandLine(args ?? [], SwitchMappings);
        ConfigureEndpoints(builder);
        ConfigureLogging(builder);

        builder.Services.AddOptions<RpcOptions>().BindConfiguration(RpcOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RpcOptions>, RpcOptionsValidator>();
        builder.Services.AddGrpc(grpc =>
        {
            // The first interceptor added is the outermost: every exception, from handlers or interceptors, meets it.
            grpc.Interceptors.Add<ExceptionStatusInterceptor>();
            // Then field bounds (RequestFields), so that a malformed request is refused before admission control.
            grpc.Interceptors.Add<RequestValidationInterceptor>();
            // Details of unmapped exceptions stay in the log (ExceptionStatusInterceptor), never in a status.
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.AddAdmissionControl();
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<RpcOptions>>((grpc, configured) =>
        {
            var rpc = configured.Value;
            grpc.MaxReceiveMessageSize = rpc.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = rpc.MaxSendMessageSize;
            grpc.ResponseCompressionLevel = rpc.ResponseCompressionLevel;
            grpc.ResponseCompressionAlgorithm = rpc.ResponseCompression == RpcOptions.Gzip ? RpcOptions.Gzip : null;
            if (rpc.ResponseCompression is null)
            {
                grpc.Interceptors.Add<ResponseCompressionInterceptor>();
            }
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(health =>
        {
            // "" (the server) is mapped by default to every check; the service is served only while the store answers.
            // SuppressCompletionOnShutdown stays false: on SIGTERM each Watch is told NOT_SERVING and ends with OK, so a
            // load balancer's probe learns the service is leaving and does not hold Kestrel's graceful shutdown.
            health.Services.Map(Contract.Descriptor.FullName, _ => true);
        }).AddCheck<StoreHealthCheck>(StoreHealthCheckName);

        builder.Services.AddProvenanceApplication();
        builder.Services.AddSingleton<SignAudit>();
        builder.AddProvenanceWeb();
        builder.AddProvenanceMetrics();
        return builder;
    }

    public static WebApplication MapProvenanceService(this WebApplication app)
    {
        app.Services.CheckProvenanceApplication(app.Logger);
        // Endpoint middleware: runs after routing chose the gRPC endpoint and sees the call end (Rpc/RefusedSignAudit.cs).
        app.MapProvenanceMetrics();
        app.MapProvenanceWeb();
        app.UseMiddleware<RefusedSignAudit>();
        app.MapGrpcService<ProvenanceRpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var rpc = app.Services.GetRequiredService<IOptions<RpcOptions>>().Value;
            app.Logger.LogInformation(
                "Provenance service started on {Urls}; max receive message {MaxReceiveMessageSize} bytes, response compression {ResponseCompression}",
                string.Join(", ", app.Urls), rpc.MaxReceiveMessageSize, rpc.ResponseCompression ?? "as requested");
        });
        app.Lifetime.ApplicationStopping.Register(() =>
            app.Logger.LogInformation("Provenance service stopping: finishing calls in flight, refusing new ones"));
        return app;
    }

    /// <summary>
    /// Maps the service (<see cref="MapProvenanceService"/>) and runs until SIGTERM/SIGINT (Kestrel then lets calls
    /// in flight finish). Mapping is inside, as it already reads options and keys. A configuration that cannot start
    /// ends the process with exit code 2 and one line naming the problem on stderr; the host's own log keeps
    /// the details.
    /// </summary>
    public static int RunProvenanceService(this WebApplication app)
    {
        var started = false;
        app.Lifetime.ApplicationStarted.Register(() => started = true);
        try
        {
            app.MapProvenanceService();
            app.Run();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            return StartFailure("invalid configuration: " + string.Join(" ", ex.Failures));
        }
        catch (StoreFaultException ex) when (!started)
        {
            // The store could not be opened: a lost database, a server out of reach (Storage/Faults).
            return StartFailure("storage: " + ex.Message);
        }
        catch (Exception ex) when (!started && ex is InvalidOperationException or FormatException or ArgumentException)
        {
            // How Kestrel, the configuration binder and Core's option types report bad settings: an unparsable
            // value or URL, an https URL without a certificate, watermark strengths out of order.
            return StartFailure("invalid configuration: " + ex.Message);
        }
        catch (TargetInvocationException ex) when (!started && ex.InnerException is ArgumentException bad)
        {
            // A value Core's option types refuse as the binder sets it (e.g. Limits:MaxFileBytes=0).
            return StartFailure("invalid configuration: " + bad.Message);
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

        // gRPC on --urls, the web page and HTTP/JSON routes on --web-urls (Web/EndpointConfiguration.cs).
        EndpointConfiguration.Configure(builder, DefaultUrl);
    }
}
