using System.Net;
using Google.Protobuf;
using Provenance.Grpc.Tests.Echo;
using Provenance.Grpc.Tests.Infrastructure;

namespace Provenance.Grpc.Tests.Server;

/// <summary>Requests our client would never send, made by hand: each gets the status the protocol asks for.</summary>
[Collection(EchoHostCollection.Name)]
public sealed class ProtocolErrorTests(EchoHostFixture fixture)
{
    private readonly EchoHost _host = fixture.Host;

    [Fact]
    public async Task A_bad_compressed_flag_is_internal()
    {
        var response = await SendUnaryAsync(RawGrpc.Frame(new EchoRequest { Text = "x" }.ToByteArray(), flag: 7));
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.True(response.IsTrailersOnly);
    }

    [Fact]
    public async Task A_truncated_message_is_internal()
    {
        var frame = RawGrpc.Frame(new EchoRequest { Text = "truncated at the end" });
        Assert.Equal(StatusCode.Internal, (await SendUnaryAsync(frame[..^5])).GrpcStatus);
        Assert.Equal(StatusCode.Internal, (await SendUnaryAsync(frame[..3])).GrpcStatus);
    }

    [Fact]
    public async Task Malformed_protobuf_is_invalid_argument()
    {
        var response = await SendUnaryAsync(RawGrpc.Frame([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]));
        Assert.Equal(StatusCode.InvalidArgument, response.GrpcStatus);
    }

    [Fact]
    public async Task A_unary_call_needs_exactly_one_message()
    {
        Assert.Equal(StatusCode.Internal, (await SendUnaryAsync([])).GrpcStatus);
        var two = RawGrpc.Frame(new EchoRequest { Text = "1" }).Concat(RawGrpc.Frame(new EchoRequest { Text = "2" })).ToArray();
        Assert.Equal(StatusCode.Internal, (await SendUnaryAsync(two)).GrpcStatus);
    }

    [Theory]
    [InlineData("/echo.v1.Echo/NoSuchMethod", "Method")]
    [InlineData("/no.such.Service/Unary", "Service")]
    [InlineData("/echo.v1.echo/unary", "Service")]
    [InlineData("/echo.v1.Echo/unary", "Method")]
    [InlineData("/", "Service")]
    [InlineData("/a/b/c", "Service")]
    public async Task An_unknown_path_is_unimplemented(string path, string what)
    {
        var response = await RawGrpc.SendAsync(_host.Address, path, RawGrpc.Frame(new EchoRequest()));
        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
        Assert.StartsWith(what, response.GrpcMessage);
        Assert.True(response.IsTrailersOnly);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/grpc+json")]
    [InlineData("application/grpc-web")]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task A_content_type_other_than_grpc_is_http_415(string? contentType)
    {
        var request = RawGrpc.Request(_host.Address, EchoMethods.Unary.FullName, new ByteArrayContent(RawGrpc.Frame(new EchoRequest())), contentType);
        var response = await RawGrpc.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
    }

    [Theory]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    [InlineData("Application/GRPC")]
    public async Task Grpc_content_types_with_proto_subtype_or_parameters_are_accepted(string contentType)
    {
        var request = RawGrpc.Request(_host.Address, EchoMethods.Unary.FullName, new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Text = "ok" })), contentType);
        Assert.Equal(StatusCode.OK, (await RawGrpc.SendAsync(request)).GrpcStatus);
    }

    [Fact]
    public async Task A_non_grpc_request_to_an_unknown_path_is_a_plain_404()
    {
        var request = RawGrpc.Request(_host.Address, "/not/grpc", new StringContent("{}"), "application/json");
        Assert.Equal(HttpStatusCode.NotFound, (await RawGrpc.SendAsync(request)).HttpStatus);
    }

    [Fact]
    public async Task Http1_is_refused_with_426()
    {
        var request = RawGrpc.Request(_host.Http1Address, EchoMethods.Unary.FullName, new ByteArrayContent(RawGrpc.Frame(new EchoRequest())), version: HttpVersion.Version11);
        var response = await RawGrpc.SendAsync(request);
        Assert.Equal(HttpStatusCode.UpgradeRequired, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("HTTP/2", response.GrpcMessage);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Methods_other_than_post_are_http_405(string method)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(new HttpMethod(method), _host.Address + EchoMethods.Unary.FullName)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Messages_split_across_data_frames_at_every_byte_are_reassembled()
    {
        var frame = RawGrpc.Frame(new EchoRequest { Text = "one byte per DATA frame", Payload = ByteString.CopyFrom(new byte[40]) });
        var pieces = frame.Select(b => new[] { b }).ToArray();
        var response = await RawGrpc.SendAsync(RawGrpc.Request(_host.Address, EchoMethods.Unary.FullName, new SegmentedContent(pieces)));
        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal("one byte per DATA frame", EchoResponse.Parser.ParseFrom(response.Messages()[0].Payload).Text);
    }

    [Fact]
    public async Task Several_messages_in_one_data_frame_are_all_read()
    {
        var frames = Enumerable.Range(0, 30).SelectMany(i => RawGrpc.Frame(new EchoRequest { Text = i.ToString() })).ToArray();
        var response = await RawGrpc.SendAsync(RawGrpc.Request(_host.Address, EchoMethods.ClientStream.FullName, new SegmentedContent([frames])));
        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal(30, EchoResponse.Parser.ParseFrom(response.Messages()[0].Payload).ReceivedMessages);
    }

    [Fact]
    public async Task Response_headers_declare_grpc_content_type_and_accepted_encodings()
    {
        var response = await SendUnaryAsync(RawGrpc.Frame(new EchoRequest()));
        Assert.Equal("application/grpc", response.ContentType);
        Assert.Equal("identity,gzip", response.Headers["grpc-accept-encoding"]);
    }

    private Task<RawResponse> SendUnaryAsync(byte[] body) =>
        RawGrpc.SendAsync(_host.Address, EchoMethods.Unary.FullName, body);
}
