using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Provenance.Grpc.Server.Internal;

/// <summary>
/// Answers a gRPC request for a path no mapped method has, with UNIMPLEMENTED in a Trailers-Only response.
/// Requests that are not gRPC at all (another content-type) get a plain 404.
/// </summary>
internal static class UnimplementedResponder
{
    public static Task HandleUnknownPathAsync(HttpContext httpContext, GrpcServerRuntime runtime)
    {
        if (!GrpcHeaders.IsGrpcProtoContentType(httpContext.Request.ContentType))
        {
            httpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        if (!GrpcRequestGate.Admit(httpContext, runtime.Logger))
        {
            return Task.CompletedTask;
        }
        Write(httpContext, runtime);
        return Task.CompletedTask;
    }

    public static void Write(HttpContext httpContext, GrpcServerRuntime runtime)
    {
        var path = httpContext.Request.Path.Value ?? string.Empty;
        var service = ServiceNameOf(path);
        var detail = service is not null && runtime.Registry.Contains(service)
            ? $"Method '{path}' is not implemented by service '{service}'."
            : $"Service '{service ?? path}' is not implemented.";
        runtime.Logger.LogInformation("gRPC {Path}: UNIMPLEMENTED", path);

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcHeaders.ContentType;
        response.Headers[GrpcHeaders.AcceptEncoding] = MessageEncodings.AcceptEncodingValue;
        response.Headers[GrpcHeaders.Status] = ((int)StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[GrpcHeaders.Message] = PercentEncoding.Encode(detail);
    }

    private static string? ServiceNameOf(string path)
    {
        // "/package.Service/Method" -> "package.Service"
        var trimmed = path.AsSpan().TrimStart('/');
        var slash = trimmed.IndexOf('/');
        return slash > 0 ? trimmed[..slash].ToString() : null;
    }
}
