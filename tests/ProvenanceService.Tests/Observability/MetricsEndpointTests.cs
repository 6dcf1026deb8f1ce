using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Provenance.Contracts.V1;
using Provenance.Core.Imaging;
using Provenance.Testing.Media;
using Provenance.Testing.Service;
using ProvenanceService.Tests.EndToEnd;

namespace ProvenanceService.Tests.Observability;

/// <summary>
/// /metrics on the running service (Observability/ in the service): after real Sign and Verify calls the
/// scrape on the web port shows the per-RPC counters, the verdict, the store operations and the stages of
/// Sign and Verify moved, with the labels the README documents; the gRPC port does not serve it. Tests in this
/// collection run one at a time, so the deltas are exact.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class MetricsEndpointTests(EndToEndFixture service)
{
    private const string Service = "provenance.v1.Provenance";

    [Fact]
    public async Task Scrape_after_sign_and_verify_shows_calls_by_status_verdicts_and_store_operations()
    {
        var before = await ScrapeAsync();

        var signed = await service.SignAsync(TestMedia.Load("home.jpg"));
        var verify = await service.VerifyAsync(signed.Bytes);
        Assert.Equal(Verdict.Verified, verify.Verdict);
        var missing = await service.VerifyAsync(MediaEdits.ReEncode(TestMedia.Load("chicky_512.png"), EncodeSettings.Jpeg(90)));
        Assert.Equal(Verdict.Missing, missing.Verdict);
        var refused = await Assert.ThrowsAsync<RpcException>(() => service.Client.SignAsync(
            new SignRequest { Media = ByteString.CopyFrom(signed.Original), Generation = new GenerationInfo { ModelName = "m" } }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);

        var after = await ScrapeAsync();

        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        const string calls = "provenance_rpc_calls_total";
        Assert.Equal(1, Delta(calls, ("rpc_service", Service), ("rpc_method", "Sign"), ("rpc_grpc_status", "OK")));
        Assert.Equal(1, Delta(calls, ("rpc_service", Service), ("rpc_method", "Sign"), ("rpc_grpc_status", "UNAUTHENTICATED")));
        Assert.Equal(2, Delta(calls, ("rpc_service", Service), ("rpc_method", "Verify"), ("rpc_grpc_status", "OK")));
        Assert.Equal(1, Delta("provenance_rpc_duration_seconds_count", ("rpc_method", "Sign"), ("rpc_grpc_status", "OK")));
        Assert.Equal(2, Delta("provenance_rpc_duration_seconds_count", ("rpc_method", "Verify"), ("rpc_grpc_status", "OK")));
        Assert.True(Delta("provenance_rpc_duration_seconds_sum", ("rpc_method", "Sign"), ("rpc_grpc_status", "OK")) > 0);
        // Every Sign call took less than the largest finite bucket, so the +Inf and 30 s buckets agree.
        Assert.Equal(1, Delta("provenance_rpc_duration_seconds_bucket", ("rpc_method", "Sign"), ("rpc_grpc_status", "OK"), ("le", "30")));

        Assert.Equal(1, Delta("provenance_verify_verdicts_total", ("verdict", "verified")));
        Assert.Equal(1, Delta("provenance_verify_verdicts_total", ("verdict", "missing")));

        Assert.Equal(1, Delta("provenance_store_duration_seconds_count", ("operation", "add_signed"), ("outcome", "ok")));
        Assert.Equal(1, Delta("provenance_store_duration_seconds_count", ("operation", "add_report"), ("outcome", "ok")));
        Assert.Equal(0, Delta("provenance_store_faults_total"));

        // Stages (Provenance.Core/Diagnostics/PipelineStages.cs): every stage of the one Sign ran at least once
        // (decode runs again if the mark does not read back from a small image).
        const string stages = "provenance_stage_duration_seconds_count";
        foreach (var stage in new[] { "decode", "watermark_embed", "encode", "fingerprint", "manifest_build", "store" })
        {
            Assert.True(Delta(stages, ("operation", "sign"), ("stage", stage)) >= 1, $"no sign stage {stage} in:\n{after}");
        }
        Assert.Equal(1, Delta(stages, ("operation", "sign"), ("stage", "store")));
        Assert.True(Delta("provenance_stage_duration_seconds_sum", ("operation", "sign"), ("stage", "watermark_embed")) > 0);
        // The signed file is bound by its manifest: validated and looked up by manifest ID, never decoded. The
        // unsigned one is validated (no manifest), decoded, searched for a mark, and gets a report written.
        Assert.Equal(2, Delta(stages, ("operation", "verify"), ("stage", "manifest_validate")));
        Assert.Equal(1, Delta(stages, ("operation", "verify"), ("stage", "decode")));
        Assert.Equal(1, Delta(stages, ("operation", "verify"), ("stage", "watermark_detect")));
        Assert.Equal(2, Delta(stages, ("operation", "verify"), ("stage", "store")));
        Assert.Equal(0, Delta(stages, ("operation", "verify"), ("stage", "fingerprint")));
    }

    [Fact]
    public async Task The_grpc_port_does_not_serve_metrics()
    {
        using var grpcPort = new HttpClient
        {
            BaseAddress = new Uri(service.Service.Address),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await grpcPort.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("provenance_rpc_calls_total", (await ScrapeAsync()).Names);
    }

    private Task<PrometheusScrape> ScrapeAsync() => PrometheusScrape.FetchAsync(service.Service.WebAddress!);
}
