using System.Net;
using System.Net.Http;

namespace Provenance.Grpc.Client.Internal;

/// <summary>
/// Statuses a client synthesises when the server sent none: from the HTTP status of a non-gRPC response
/// (grpc/grpc doc/http-grpc-status-mapping.md) and from HTTP/2 stream errors (PROTOCOL-HTTP2.md, "Errors").
/// </summary>
internal static class ClientStatusMapping
{
    public static StatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>The status for an RST_STREAM error code received from the server.</summary>
    public static StatusCode FromHttp2Error(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable, // REFUSED_STREAM: nothing was processed
        0x8 => StatusCode.Cancelled, // CANCEL
        0xB => StatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => StatusCode.Internal,
    };

    public static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }
        return null;
    }
}
