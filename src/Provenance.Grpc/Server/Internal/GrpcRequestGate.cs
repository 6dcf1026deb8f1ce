using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Provenance.Grpc.Server.Internal;

/// <summary>
/// HTTP-level checks made before a request is treated as a gRPC call. Failures are plain HTTP errors, so that
/// a non-gRPC client cannot read a 200 as success: 415 for a content-type that is not application/grpc (as the
/// protocol asks) and 426 for HTTP/1.x, which cannot carry gRPC's trailers reliably. Both also carry
/// grpc-status so that a gRPC client still gets a status.
/// </summary>
internal static class GrpcRequestGate
{
    public static bool Admit(HttpContext httpContext, ILogger logger)
    {
        var request = httpContext.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            logger.LogDebug("Refused a gRPC request over {Protocol}", request.Protocol);
            Refuse(httpContext, StatusCodes.Status426UpgradeRequired, $"Request protocol '{request.Protocol}' is not supported: gRPC requires HTTP/2.");
            httpContext.Response.Headers.Upgrade = request.IsHttps ? "h2" : "h2c";
            return false;
        }
        if (!GrpcHeaders.IsGrpcProtoContentType(request.ContentType))
        {
            logger.LogDebug("Refused a gRPC request with content-type {ContentType}", request.ContentType);
            Refuse(httpContext, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported: use application/grpc or application/grpc+proto.");
            return false;
        }
        return true;
    }

    private static void Refuse(HttpContext httpContext, int httpStatus, string detail)
    {
        var response = httpContext.Response;
        response.StatusCode = httpStatus;
        response.Headers[GrpcHeaders.Status] = ((int)StatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[GrpcHeaders.Message] = PercentEncoding.Encode(detail);
    }
}
