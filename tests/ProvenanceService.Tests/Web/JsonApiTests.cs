using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Provenance.Contracts.V1;
using Provenance.Core.Imaging;
using Provenance.Testing.Media;
using Provenance.Testing.Service;
using ProvenanceService.Tests.EndToEnd;
using ProvenanceService.Web;

namespace ProvenanceService.Tests.Web;

/// <summary>
/// The HTTP/JSON routes (google.api.http annotations in provenance.proto) on the web port of the running service,
/// with a plain HttpClient over HTTP/1.1: the same verdicts, keys and errors as the gRPC calls.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class JsonApiTests(EndToEndFixture service) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(service.Service.WebAddress!), DefaultRequestVersion = HttpVersion.Version11 };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Verify_answers_json_with_the_verdict_label_and_manifest_of_a_signed_photo()
    {
        var signed = await service.SignedAsync("home.jpg");

        var verify = await PostVerifyAsync(signed.Bytes);

        Assert.Equal(Verdict.Verified, verify.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, verify.AigcLabel);
        Assert.Equal(signed.Response.ManifestId, verify.Manifest.ManifestId);
        Assert.Equal("e2e-diffusion", verify.Manifest.ModelName);
        Assert.Empty(verify.ReportId);
    }

    [Fact]
    public async Task Verify_of_an_unsigned_photo_is_missing_and_the_auditor_lists_its_report_by_bearer_key()
    {
        var unsigned = MediaEdits.ReEncode(TestMedia.Load("chicky_512.png"), EncodeSettings.Jpeg(90));

        var verify = await PostVerifyAsync(unsigned);
        Assert.Equal(Verdict.Missing, verify.Verdict);
        Assert.Equal(AigcLabel.None, verify.AigcLabel);
        Assert.NotEmpty(verify.ReportId);

        using var anonymous = await _http.GetAsync("/v1/reports?verdict=VERDICT_MISSING");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("auditor API key", await anonymous.Content.ReadAsStringAsync());

        var found = false;
        var token = "";
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/reports?verdict=VERDICT_MISSING&pageSize=100&pageToken={Uri.EscapeDataString(token)}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ExampleKeys.AuditorKey);
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonParser.Default.Parse<ListReportsResponse>(await response.Content.ReadAsStringAsync());
            Assert.All(page.Reports, r => Assert.Equal(Verdict.Missing, r.Verdict));
            found |= page.Reports.Any(r => r.ReportId == verify.ReportId && r.ContentHash == verify.ContentHash);
            token = page.NextPageToken;
        }
        while (!found && token.Length > 0);
        Assert.True(found, "the report of the unsigned photo is listed");
    }

    [Fact]
    public async Task GetManifest_finds_a_stored_manifest_by_manifest_id_and_by_watermark_id()
    {
        var signed = await service.SignedAsync("home.jpg");

        foreach (var id in new[] { signed.Response.ManifestId, signed.Response.WatermarkId })
        {
            using var response = await _http.GetAsync("/v1/manifests/" + Uri.EscapeDataString(id));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var manifest = JsonParser.Default.Parse<GetManifestResponse>(await response.Content.ReadAsStringAsync());
            Assert.Equal(signed.Response.ManifestId, manifest.ManifestId);
            Assert.Equal(signed.Response.WatermarkId, manifest.WatermarkId);
            Assert.Equal(signed.Response.ContentHash, manifest.ContentHash);
        }

        using var unknown = await _http.GetAsync("/v1/manifests/" + "0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var malformed = await _http.GetAsync("/v1/manifests/not-an-id");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("manifest id", await malformed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_above_the_grpc_message_limit_in_base64_is_refused_before_it_is_read()
    {
        // The fixture runs on the default 4 MiB gRPC limit: 6 MiB of media is 8 MiB of base64.
        var json = "{\"media\":\"" + Convert.ToBase64String(new byte[6 * 1024 * 1024]) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/verify") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        // As curl does for large bodies: the refusal comes before the body is sent.
        request.Headers.ExpectContinue = true;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_upload_route_verifies_a_raw_body_and_answers_the_same_json_as_verify()
    {
        var signed = await service.SignedAsync("home.jpg");

        using var content = new ByteArrayContent(signed.Bytes);
        using var response = await _http.PostAsync(VerifyUploadEndpoint.Path + "?uploaderDeclaresAiGenerated=true", content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var verify = JsonParser.Default.Parse<VerifyResponse>(body);
        Assert.Equal(Verdict.Verified, verify.Verdict);
        Assert.Equal(signed.Response.ManifestId, verify.Manifest.ManifestId);
        Assert.Equal(signed.Response.ContentHash, verify.ContentHash);
        // The same answer as the JSON route, but for the explanations that name the time of validation.
        var json = await PostVerifyAsync(signed.Bytes);
        Assert.Equal(json.Manifest, verify.Manifest);
        Assert.Equal(json.Watermark, verify.Watermark);
        Assert.Equal(json.ValidationStatus.Select(v => (v.Code, v.Kind)), verify.ValidationStatus.Select(v => (v.Code, v.Kind)));
    }

    [Fact]
    public async Task Verify_summarises_the_issuer_the_time_stamp_and_the_ingredient_tree()
    {
        // CACA.jpg (c2pa-rs test files): made from CA.jpg, made from A.jpg (no manifest); time-stamped by DigiCert.
        var caca = File.ReadAllBytes(Path.Combine(Provenance.Testing.RepositoryPaths.C2paFixtures, "files", "CACA.jpg"));

        var manifest = (await PostVerifyAsync(caca)).Manifest;

        Assert.Equal("C2PA Test Intermediate Root CA", manifest.SignerIssuer);
        Assert.Equal("PS256", manifest.SignatureAlgorithm);
        Assert.Equal("DigiCert, Inc.", manifest.TimeStamp.Authority);
        Assert.Equal(new DateTimeOffset(2025, 10, 16, 17, 31, 55, TimeSpan.Zero), manifest.TimeStamp.Time.ToDateTimeOffset());
        Assert.False(manifest.TimeStamp.Trusted); // DigiCert is not on the example key set's TSA list
        var parent = Assert.Single(manifest.Ingredients);
        Assert.Equal(("CA.jpg", "parentOf", "image/jpeg"), (parent.Title, parent.Relationship, parent.Format));
        Assert.Equal(parent.ManifestId, parent.Manifest.ManifestId);
        Assert.Equal("CA.jpg", parent.Manifest.Title);
        var grandparent = Assert.Single(parent.Manifest.Ingredients);
        Assert.Equal(("A.jpg", "", null), (grandparent.Title, grandparent.ManifestId, grandparent.Manifest));
    }

    [Fact]
    public async Task The_upload_route_takes_bodies_above_the_grpc_message_limit_and_judges_their_bytes()
    {
        // 6 MiB is over the fixture's 4 MiB gRPC limit but under the media limit: read, then refused as no image.
        using var content = new ByteArrayContent(new byte[6 * 1024 * 1024]);

        using var response = await _http.PostAsync(VerifyUploadEndpoint.Path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a JPEG, PNG or WebP", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_upload_route_refuses_a_declared_length_over_the_media_limit_before_reading_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, VerifyUploadEndpoint.Path)
        {
            Content = new UnreadableContent(Provenance.Core.MediaLimits.Default.MaxFileBytes + 1),
        };
        request.Headers.ExpectContinue = true;
        // The client waits for the server's word before it sends the body (1 s by default, then it sends anyway):
        // long enough that a loaded machine cannot make the client read the body first.
        using var patient = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = _http.BaseAddress,
            DefaultRequestVersion = HttpVersion.Version11,
        };

        using var response = await patient.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"code\":8", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_upload_route_answers_bad_input_with_a_readable_json_error()
    {
        using var empty = await _http.PostAsync(VerifyUploadEndpoint.Path, new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("media is empty", await empty.Content.ReadAsStringAsync());

        using var flag = await _http.PostAsync(VerifyUploadEndpoint.Path + "?uploaderDeclaresAiGenerated=maybe", new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.BadRequest, flag.StatusCode);
        Assert.Contains("uploaderDeclaresAiGenerated", await flag.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request_with_a_readable_message()
    {
        using var content = new StringContent("{\"media\": 12", Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync("/v1/verify", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"message\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_page_is_served_with_a_strict_content_security_policy_and_its_own_mime_types()
    {
        using var page = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);

        foreach (var (path, mime) in new[] { ("/app.js", "text/javascript"), ("/app.css", "text/css") })
        {
            using var asset = await _http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(mime, asset.Content.Headers.ContentType?.MediaType);
        }
    }

    private async Task<VerifyResponse> PostVerifyAsync(byte[] media)
    {
        var json = JsonFormatter.Default.Format(new VerifyRequest { Media = ByteString.CopyFrom(media) });
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/v1/verify", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonParser.Default.Parse<VerifyResponse>(body);
    }

    /// <summary>A body that declares its length but fails if anything reads it: the refusal must come first.</summary>
    private sealed class UnreadableContent(long length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            throw new InvalidOperationException("the body was read");

        protected override bool TryComputeLength(out long size)
        {
            size = length;
            return true;
        }
    }
}
