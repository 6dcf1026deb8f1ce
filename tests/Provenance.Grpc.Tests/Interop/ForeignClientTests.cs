using Provenance.Grpc.Tests.Infrastructure;

namespace Provenance.Grpc.Tests.Interop;

/// <summary>
/// Two independent gRPC implementations against our server: grpc-js (@grpc/grpc-js with @grpc/proto-loader) and
/// gRPC C-core through Debian's python3-grpcio. Both run the same cases (tests/interop/grpc-client.mjs,
/// grpc_client.py).
/// </summary>
public sealed class ForeignClientTests(ForeignClientsFixture fixture) : IClassFixture<ForeignClientsFixture>
{
    public static TheoryData<string> Clients => ["node", "python"];

    [Theory]
    [MemberData(nameof(Clients))]
    public void Unary_with_ascii_and_binary_metadata(string client)
    {
        var results = fixture.Results[client];
        Assert.Equal(0, results.Code("unary"));
        Assert.Equal(client == "node" ? "node unary" : "python unary", results.String("unary", "text"));
        Assert.Equal("abc", results.String("unary", "payload"));
        Assert.Equal("000102faff", results.String("unary", "server_saw_bin"));
        Assert.Equal(client == "node" ? "hello from grpc-js" : "hello from grpcio", results.String("unary", "header_ascii"));
        Assert.Equal("000102faff", results.String("unary", "header_bin"));
        Assert.Equal("000102faff", results.String("unary", "trailer_bin"));
        Assert.Equal("identity", results.String("unary", "response_encoding"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Client_streaming(string client)
    {
        var results = fixture.Results[client];
        Assert.Equal(0, results.Code("client_stream"));
        Assert.Equal("0,1,2,3,4,5,6,7,8,9", results.String("client_stream", "text"));
        Assert.Equal(10, results.Integer("client_stream", "received_messages"));
        Assert.Equal(45, results.Integer("client_stream", "received_bytes"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Server_streaming(string client)
    {
        var results = fixture.Results[client];
        Assert.Equal(0, results.Code("server_stream"));
        Assert.Equal(Enumerable.Range(0, 25), results.Integers("server_stream", "indexes"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Bidirectional_ping_pong(string client)
    {
        var results = fixture.Results[client];
        Assert.Equal(0, results.Code("bidi"));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"ping {i}"), results.Strings("bidi", "texts"));
        Assert.Equal(Enumerable.Range(0, 10), results.Integers("bidi", "indexes"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Deadline_exceeded_and_the_handler_was_cancelled(string client)
    {
        Assert.Equal((int)StatusCode.DeadlineExceeded, fixture.Results[client].Code("deadline"));
        await fixture.Host.Echo.WaitForCancellationAsync($"{client}-deadline").WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Unknown_method_and_service_are_unimplemented(string client)
    {
        Assert.Equal((int)StatusCode.Unimplemented, fixture.Results[client].Code("unknown_method"));
        Assert.Equal((int)StatusCode.Unimplemented, fixture.Results[client].Code("unknown_service"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Oversize_message_is_resource_exhausted(string client) =>
        Assert.Equal((int)StatusCode.ResourceExhausted, fixture.Results[client].Code("oversize"));

    [Theory]
    [MemberData(nameof(Clients))]
    public void Status_message_is_percent_decoded_by_the_client(string client)
    {
        Assert.Equal((int)StatusCode.FailedPrecondition, fixture.Results[client].Code("error_status"));
        Assert.Equal("50% ✓ not ready", fixture.Results[client].String("error_status", "details"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Handler_crash_is_internal_without_detail(string client)
    {
        Assert.Equal((int)StatusCode.Internal, fixture.Results[client].Code("crash"));
        Assert.DoesNotContain("secret", fixture.Results[client].String("crash", "details"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Gzip_in_both_directions(string client)
    {
        var results = fixture.Results[client];
        Assert.Equal(0, results.Code("gzip_unary"));
        Assert.Equal("gzip", results.String("gzip_unary", "request_encoding"));
        Assert.Equal("gzip", results.String("gzip_unary", "response_encoding"));
        Assert.True(results.Boolean("gzip_unary", "payload_ok"));

        Assert.Equal(0, results.Code("gzip_bidi"));
        Assert.Equal(Enumerable.Repeat("gzip", 5), results.Strings("gzip_bidi", "encodings"));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => 20_000 * i), results.Integers("gzip_bidi", "sizes"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Health_check_and_watch(string client)
    {
        var results = fixture.Results[client];
        Assert.Equal("SERVING", results.String("health_check:", "status"));
        Assert.Equal("SERVING", results.String("health_check:echo.v1.Echo", "status"));
        Assert.Equal((int)StatusCode.NotFound, results.Code("health_check_unknown"));
        Assert.Equal("SERVING", results.String("health_watch", "status"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Reflection_lists_services_and_serves_complete_files(string client)
    {
        var results = fixture.Results[client];
        Assert.Equal(["echo.v1.Echo", "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"], results.Strings("reflection_list", "services"));
        Assert.Equal(["echo/v1/echo.proto", "google/protobuf/duration.proto"], results.Strings("reflection_symbol", "files"));
        Assert.Equal(["echo.v1.Echo"], results.Strings("reflection_symbol", "services"));
        Assert.Equal(["Unary", "ClientStream", "ServerStream", "Bidi"], results.Strings("reflection_symbol", "methods"));
        Assert.Equal((int)StatusCode.NotFound, results.Integer("reflection_unknown", "error_code"));
    }
}
