using System.Buffers;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Provenance.Core;
using ProvenanceService.Application;
using ProvenanceService.Rpc;

namespace ProvenanceService.Web;

/// <summary>
/// <c>POST /v1/verify/upload</c>: Verify for a file sent as the raw request body, the web port's form of the
/// VerifyStream call. JSON transcoding has no client streaming, and POST /v1/verify carries the file in base64
/// inside one JSON message, so it is held to the gRPC message limit; this route takes files up to the media limit
/// (<see cref="MediaLimits.MaxFileBytes"/>, the bound VerifyStream applies), sent as they are, so that a browser
/// can report upload progress and nothing is inflated by a third. The answer is the VerifyResponse as JSON, errors
/// in the transcoded routes' shape (<see cref="JsonError"/>).
/// <para>
/// Bounded like VerifyStream: a declared length over the limit is refused before a byte is read
/// (WebExtensions.cs), a body without one is counted as it arrives, and the bytes held count against the upload
/// budget (Rpc/UploadBudget.cs) while they arrive; the call is admitted (Rpc/CallAdmission.cs: a slot and decode
/// budget) once the body is in, so a slow uploader holds no slot. A refusal is 503 with Retry-After. The body is
/// held in memory only for the call; nothing is written to disk, so there is no temporary data to clean up.
/// </para>
/// </summary>
internal static class VerifyUploadEndpoint
{
    public const string Path = "/v1/verify/upload";

    /// <summary>Query parameter: the uploader declares the file AI-generated (VerifyRequest.uploader_declares_ai_generated).</summary>
    public const string DeclaredQuery = "uploaderDeclaresAiGenerated";

    /// <summary>Query parameter: the declared MIME type (VerifyRequest.mime_type); checked against the bytes.</summary>
    public const string MimeTypeQuery = "mimeType";

    private const int ReadChunkBytes = 64 * 1024;

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static void Map(WebApplication app) => app.MapPost(Path, HandleAsync);

    private static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var cancelled = context.RequestAborted;
        var logger = services.GetRequiredService<ILogger<VerifyUploadEndpointLog>>();
        try
        {
            var declared = ParseDeclared(context.Request.Query[DeclaredQuery]);
            using var upload = services.GetRequiredService<UploadBudget>().Open("POST " + Path);
            var media = await ReadBodyAsync(context.Request, services.GetRequiredService<MediaLimits>(), upload, cancelled).ConfigureAwait(false);
            using var slot = await services.GetRequiredService<CallAdmission>().AdmitAsync(media, MediaCall.Verify, "POST " + Path, cancelled).ConfigureAwait(false);
            var mimeType = context.Request.Query[MimeTypeQuery].ToString();
            var command = new VerifyCommand(media, string.IsNullOrEmpty(mimeType) ? null : mimeType, declared, Propagation: null);
            var result = await services.GetRequiredService<VerificationService>()
                .VerifyAsync(command, context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, cancelled)
                .ConfigureAwait(false);
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(Json.Format(ContractMapping.ToWire(result)), cancelled).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
        {
            // The client went away: nobody to answer.
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            // Admission or the upload budget refused the call: the retry hint travels as HTTP's Retry-After.
            var milliseconds = long.TryParse(e.Trailers.GetValue(CallAdmission.RetryPushbackTrailer), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 1000;
            context.Response.Headers.RetryAfter = Math.Max(1, (milliseconds + 999) / 1000).ToString(CultureInfo.InvariantCulture);
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, new JsonError((int)StatusCode.Unavailable, e.Status.Detail)).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals of the body (shorter than its Content-Length, over MaxRequestBodySize).
            var code = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCode.ResourceExhausted : StatusCode.InvalidArgument;
            await WriteErrorAsync(context, e.StatusCode, new JsonError((int)code, e.Message)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var status = ExceptionStatuses.For(e);
            if (status.StatusCode == StatusCode.Internal)
            {
                logger.LogError(e, "POST {Path} failed", Path);
            }
            await WriteErrorAsync(context, HttpStatuses.For(status.StatusCode), new JsonError((int)status.StatusCode, status.Detail)).ConfigureAwait(false);
        }
    }

    private static bool ParseDeclared(string? value) => value switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        _ => throw new Application.Errors.InvalidRequestException($"{DeclaredQuery} must be true or false, not '{value}'."),
    };

    /// <summary>The body, never more than the media limit (a declared length over it was refused in WebExtensions.cs).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, MediaLimits limits, UploadBudget.Reservation upload,
        CancellationToken cancelled)
    {
        if (request.ContentLength is { } length)
        {
            limits.CheckFileSize(length);
            upload.Add(length);
            var exact = GC.AllocateUninitializedArray<byte>((int)length);
            var read = await request.Body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancelled).ConfigureAwait(false);
            if (read != exact.Length)
            {
                throw new Application.Errors.InvalidRequestException($"The body ended after {read} of its {length} declared bytes.");
            }
            return exact;
        }
        using var media = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ReadChunkBytes), cancelled).ConfigureAwait(false)) > 0)
            {
                limits.CheckFileSize(media.Length + read);
                upload.Add(read);
                media.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return media.GetBuffer().AsMemory(0, (int)media.Length);
    }

    private static async Task WriteErrorAsync(HttpContext context, int httpStatus, JsonError error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = httpStatus;
        await context.Response.WriteAsJsonAsync(error, context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>The log category of <see cref="VerifyUploadEndpoint"/> (a static class cannot be one).</summary>
internal sealed class VerifyUploadEndpointLog;
