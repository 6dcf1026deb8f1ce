using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Provenance.Core.Diagnostics;
using ProvenanceService.Web;

namespace ProvenanceService.Observability;

/// <summary>
/// Metrics through OpenTelemetry: the service's own instruments (<see cref="ServiceMetrics"/>) and ASP.NET
/// Core's and Kestrel's built-in meters, scraped by Prometheus at <c>/metrics</c> on the web (HTTP/1.1) port
/// only, and pushed by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the other
/// standard OTEL_* variables itself).
/// </summary>
internal static class MetricsExtensions
{
    public const string ScrapePath = "/metrics";

    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddProvenanceMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<ServiceMetrics>();
        builder.Services.AddSingleton<RpcMetricsInterceptor>();
        builder.Services.AddHostedService<PipelineStageListener>();
        // Runs after the AddGrpc configuration in Hosting/ProvenanceServiceExtensions.cs: index 0 makes this the
        // outermost interceptor, so it sees the final status of every call, refusals by other interceptors included.
        builder.Services.Configure<GrpcServiceOptions>(grpc =>
        {
            grpc.Interceptors.Add<RpcMetricsInterceptor>();
            var registration = grpc.Interceptors[^1];
            grpc.Interceptors.RemoveAt(grpc.Interceptors.Count - 1);
            grpc.Interceptors.Insert(0, registration);
        });

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceMetrics.MeterName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ServiceMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
                // No response cache (default 300 ms): a scrape shows every call that ended before it.
                metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // The spans of Sign and Verify and their stages (Provenance.Core/Diagnostics/PipelineStages.cs); without
            // an OTLP endpoint there is nowhere to send them, and the stage histogram carries their durations.
            telemetry.WithTracing(tracing => tracing.AddSource(PipelineStages.SourceName).AddOtlpExporter());
        }
        return builder;
    }

    /// <summary>
    /// Serves <see cref="ScrapePath"/> on web endpoints only: the gRPC port speaks HTTP/2 only and is often the
    /// one exposed to clients, while the scrape belongs to operators. Call before the web middleware, so that
    /// the scrape skips the page's security headers and body limits.
    /// </summary>
    public static WebApplication MapProvenanceMetrics(this WebApplication app)
    {
        var listening = app.Services.GetRequiredService<ListeningEndpoints>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == ScrapePath && OnWebEndpoint(listening, context));
        return app;
    }

    private static bool OnWebEndpoint(ListeningEndpoints listening, HttpContext context)
    {
        var port = context.Connection.LocalPort;
        return listening.All.Any(e => e.Role == EndpointRole.Web && e.Options.IPEndPoint?.Port == port);
    }
}
