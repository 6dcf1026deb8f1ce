using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace ProvenanceService.Tests.Rpc;

/// <summary>
/// gRPC calls written by hand over HttpClient (HTTP/2 with prior knowledge), for what the generated client does
/// not let a test do or see: bytes that are not a valid message, the response's grpc-encoding header and the
/// compressed flag of its frames (Grpc.Net.Client consumes both).
/// </summary>
internal static class RawGrpc
{
    public static HttpClient CreateClient() => new(new SocketsHttpHandler());

    /// <summary>One length-prefixed message, gzip-compressed when asked.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message, bool gzip = false)
    {
        var payload = message.ToArray();
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.Fastest))
            {
                zip.Write(payload);
            }
            payload = compressed.ToArray();
        }
        var frame = new byte[5 + payload.Length];
        frame[0] = gzip ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static HttpRequestMessage Request(string address, string path, HttpContent body, string? encoding = null, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, address.TrimEnd('/') + path)
        {
            Content = body,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.Add("grpc-accept-encoding", "identity,gzip");
        if (encoding is not null)
        {
            request.Headers.Add("grpc-encoding", encoding);
        }
        if (authorization is not null)
        {
            request.Headers.Add("authorization", authorization);
        }
        return request;
    }

    /// <summary>The call's grpc-status: from the trailers, or from the headers of a trailers-only response.</summary>
    public static int? Status(HttpResponseMessage response)
    {
        foreach (var headers in new HttpHeaders[] { response.TrailingHeaders, response.Headers })
        {
            if (headers.TryGetValues("grpc-status", out var values))
            {
                return int.Parse(values.First());
            }
        }
        return null;
    }
}
