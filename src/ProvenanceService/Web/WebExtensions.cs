using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Provenance.Core;
using ProvenanceService.Options;

namespace ProvenanceService.Web;

/// <summary>
/// The web side of the service: HTTP/JSON routes for Verify, GetManifest and ListReports (gRPC JSON transcoding
/// of the google.api.http annotations in proto/provenance/v1/provenance.proto, so that they run the same handler,
/// interceptors and bearer-token checks as the gRPC calls), the raw-body upload route for files above the gRPC
/// message limit (VerifyUploadEndpoint.cs), and the verification page from wwwroot/.
/// </summary>
internal static class WebExtensions
{
    /// <summary>Room for the JSON around the base64 media of a request at the gRPC size limit.</summary>
    private const long JsonEnvelopeBytes = 64 * 1024;

    public static WebApplicationBuilder AddProvenanceWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc().AddJsonTranscoding();
        return builder;
    }

    public static WebApplication MapProvenanceWeb(this WebApplication app)
    {
        var rpc = app.Services.GetRequiredService<IOptions<RpcOptions>>().Value;
        // The JSON body carries the file in base64 (4 characters per 3 bytes): the same file size as gRPC allows.
        var maxBody = (rpc.MaxReceiveMessageSize + 2L) / 3 * 4 + JsonEnvelopeBytes;
        // The raw upload route takes what VerifyStream takes: a file up to the media limit.
        var maxFile = app.Services.GetRequiredService<MediaLimits>().MaxFileBytes;
        app.Use(async (context, next) =>
        {
            if (context.Request.Protocol.StartsWith("HTTP/2", StringComparison.Ordinal))
            {
                // gRPC: Grpc.AspNetCore applies its own message limits.
                await next(context);
                return;
            }
            SecurityHeaders.Apply(context.Response.Headers);
            var upload = context.Request.Path.Equals(VerifyUploadEndpoint.Path, StringComparison.OrdinalIgnoreCase);
            var limit = upload ? maxFile : maxBody;
            if (context.Request.ContentLength > limit)
            {
                // Refused before a byte of the body is read (a client sending "Expect: 100-continue", as curl
                // does for large bodies, never sends it). A body without a length meets Kestrel's limit below.
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.Response.WriteAsJsonAsync(new JsonError(
                    (int)Grpc.Core.StatusCode.ResourceExhausted,
                    upload
                        ? $"The file is {context.Request.ContentLength} bytes; this service accepts at most {maxFile}."
                        : $"The request body is {context.Request.ContentLength} bytes; this service accepts at most {maxBody} " +
                          $"(a file of {rpc.MaxReceiveMessageSize} bytes in base64). Larger files go as they are to " +
                          $"POST {VerifyUploadEndpoint.Path}, or through the gRPC VerifyStream call."));
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            {
                body.MaxRequestBodySize = limit;
            }
            await next(context);
        });

        VerifyUploadEndpoint.Map(app);

        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(root))
        {
            var files = new PhysicalFileProvider(root);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }
        else
        {
            app.Logger.LogWarning("No wwwroot beside the binary ({Root}): the verification page is not served", root);
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var listening = app.Services.GetRequiredService<ListeningEndpoints>();
            foreach (var url in listening.UrlsOf(EndpointRole.Grpc))
            {
                app.Logger.LogInformation("gRPC (HTTP/2) listening on {GrpcUrl}", url);
            }
            foreach (var url in listening.UrlsOf(EndpointRole.Web))
            {
                app.Logger.LogInformation("Verification page and HTTP/JSON API (HTTP/1.1) listening on {WebUrl}/", url);
            }
        });
        return app;
    }
}
