using Grpc.Core;
using ProvenanceService.Tests.Hosting;

namespace ProvenanceService.Tests.Interop;

/// <summary>
/// The real service process driven by grpc-js and by python3-grpcio (tests/interop/grpc-client.mjs and
/// grpc_client.py, suite "service"): the provenance RPCs with a real photo and the example keys, unary and
/// streaming, gzip, deadline, limits, health and reflection.
/// </summary>
[Collection(ServiceProcessCollection.Name)]
public sealed class ForeignClientServiceTests(ServiceProcessFixture fixture)
{
    public static TheoryData<string> Clients => ["node", "python"];

    [Theory]
    [MemberData(nameof(Clients))]
    public void Health_is_serving(string client)
    {
        var results = fixture.Foreign[client];
        Assert.Equal("SERVING", results.String("health_check:", "status"));
        Assert.Equal("SERVING", results.String("health_check:provenance.v1.Provenance", "status"));
        Assert.Equal((int)StatusCode.NotFound, results.Code("health_check_unknown"));
        Assert.Equal("SERVING", results.String("health_watch", "status"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Reflection_describes_the_contract(string client)
    {
        var results = fixture.Foreign[client];
        Assert.Equal(["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "provenance.v1.Provenance"], results.Strings("reflection_list", "services"));
        // The file and everything it imports: the HTTP routes' google.api annotations bring http.proto and descriptor.proto.
        Assert.Equal(["provenance/v1/provenance.proto", "google/api/annotations.proto", "google/api/http.proto", "google/protobuf/descriptor.proto", "google/protobuf/timestamp.proto"], results.Strings("reflection_symbol", "files"));
        Assert.Equal(["Sign", "SignStream", "Verify", "VerifyStream", "GetManifest", "ListReports"], results.Strings("reflection_symbol", "methods"));
        Assert.Equal((int)StatusCode.NotFound, results.Integer("reflection_unknown", "error_code"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void A_gzip_compressed_unary_Sign_returns_a_signed_JPEG_that_Verify_and_VerifyStream_verify(string client)
    {
        var results = fixture.Foreign[client];
        Assert.Equal(0, results.Code("sign"));
        Assert.StartsWith("urn:c2pa:", results.String("sign", "manifest_id"));
        Assert.Equal("image/jpeg", results.String("sign", "mime_type"));
        var watermarkId = results.String("sign", "watermark_id");
        Assert.Matches("^[0-9a-f]{16}$", watermarkId);

        foreach (var verify in new[] { "verify_signed", "verify_stream" })
        {
            Assert.Equal("VERDICT_VERIFIED", results.String(verify, "verdict"));
            Assert.Equal("AIGC_LABEL_AI_GENERATED", results.String(verify, "aigc_label"));
            Assert.Equal(watermarkId, results.String(verify, "watermark_id"));
            Assert.Equal("", results.String(verify, "report_id"));
        }
        Assert.Equal(results.String("sign", "manifest_id"), results.String("get_manifest", "manifest_id"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void SignStream_answers_a_header_then_the_signed_file_in_chunks(string client)
    {
        var results = fixture.Foreign[client];
        Assert.Equal(0, results.Code("sign_stream"));
        Assert.True(results.Boolean("sign_stream", "header_first"));
        Assert.True(results.Boolean("sign_stream", "header_media_empty"));
        Assert.StartsWith("urn:c2pa:", results.String("sign_stream", "manifest_id"));
        Assert.True(results.Integer("sign_stream", "bytes") > 10_000);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void An_unsigned_photo_is_missing_and_its_report_is_listed_for_the_auditor(string client)
    {
        var results = fixture.Foreign[client];
        Assert.Equal("VERDICT_MISSING", results.String("verify_unsigned", "verdict"));
        var reportId = results.String("verify_unsigned", "report_id");
        Assert.StartsWith("rpt_", reportId);
        Assert.Contains(reportId, results.Strings("list_reports", "report_ids"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Calls_without_the_right_key_are_unauthenticated(string client)
    {
        Assert.Equal((int)StatusCode.Unauthenticated, fixture.Foreign[client].Code("sign_unauthenticated"));
        Assert.Equal((int)StatusCode.Unauthenticated, fixture.Foreign[client].Code("list_reports_unauthenticated"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void A_one_millisecond_deadline_is_exceeded(string client) =>
        Assert.Equal((int)StatusCode.DeadlineExceeded, fixture.Foreign[client].Code("deadline"));

    [Theory]
    [MemberData(nameof(Clients))]
    public void Oversize_request_is_resource_exhausted(string client) =>
        Assert.Equal((int)StatusCode.ResourceExhausted, fixture.Foreign[client].Code("oversize"));

    [Theory]
    [MemberData(nameof(Clients))]
    public void Unknown_method_is_unimplemented(string client) =>
        Assert.Equal((int)StatusCode.Unimplemented, fixture.Foreign[client].Code("unknown_method"));
}
