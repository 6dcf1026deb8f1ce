using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Provenance.Grpc.Tests.Infrastructure;

/// <summary>
/// Hand-built gRPC requests over HttpClient, for the cases our client would never send (bad prefixes,
/// truncated messages, wrong content types, odd headers) and for checking exact bytes on the wire.
/// </summary>
internal static class RawGrpc
{
    private static readonly HttpMessageInvoker Invoker = new(new SocketsHttpHandler { UseProxy = false }, disposeHandler: false);

    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray());

    public static byte[] Frame(ReadOnlySpan<byte> payload, byte flag = 0, uint? declaredLength = null)
    {
        var framed = new byte[5 + payload.Length];
        framed[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), declaredLength ?? (uint)payload.Length);
        payload.CopyTo(framed.AsSpan(5));
        return framed;
    }

    public static HttpRequestMessage Request(
        string address, string path, HttpContent content, string? contentType = "application/grpc", Version? version = null,
        params (string Name, string Value)[] headers)
    {
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        var request = new HttpRequestMessage(HttpMethod.Post, address + path)
        {
            Version = version ?? HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public static async Task<RawResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using var response = await Invoker.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new RawResponse(
            response.StatusCode,
            Flatten(response.Headers),
            response.Content.Headers.ContentType?.ToString(),
            body,
            Flatten(response.TrailingHeaders));
    }

    public static Task<RawResponse> SendAsync(string address, string path, byte[] body, params (string Name, string Value)[] headers) =>
        SendAsync(Request(address, path, new ByteArrayContent(body), headers: headers));

    private static Dictionary<string, string> Flatten(HttpHeaders headers) =>
        headers.NonValidated.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
}

/// <summary>What came back, with the gRPC status found wherever the server put it.</summary>
internal sealed record RawResponse(
    HttpStatusCode HttpStatus,
    Dictionary<string, string> Headers,
    string? ContentType,
    byte[] Body,
    Dictionary<string, string> Trailers)
{
    /// <summary>True when the status came in the headers frame and nothing else followed.</summary>
    public bool IsTrailersOnly => Headers.ContainsKey("grpc-status") && Body.Length == 0 && Trailers.Count == 0;

    public StatusCode? GrpcStatus =>
        (Trailers.TryGetValue("grpc-status", out var value) || Headers.TryGetValue("grpc-status", out value))
            ? (StatusCode)int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public string? GrpcMessage =>
        (Trailers.TryGetValue("grpc-message", out var value) || Headers.TryGetValue("grpc-message", out value))
            ? PercentEncoding.Decode(value)
            : null;

    /// <summary>The length-prefixed messages of the body: (compressed flag, payload).</summary>
    public IReadOnlyList<(byte Flag, byte[] Payload)> Messages()
    {
        var messages = new List<(byte, byte[])>();
        var offset = 0;
        while (offset < Body.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(offset + 1));
            messages.Add((Body[offset], Body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }
        return messages;
    }
}
