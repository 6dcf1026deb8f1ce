using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Provenance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Testing.Service;
using ProvenanceService.Tests.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProvenanceService.Tests.Rpc;

/// <summary>The running service, through our client: health, reflection, and each kind of bad request's status.</summary>
[Collection(ServiceProcessCollection.Name)]
public sealed class ServiceContractTests(ServiceProcessFixture fixture)
{
    private static readonly byte[] JpegStart = [0xFF, 0xD8, 0xFF, 0xE0];

    private GrpcChannel Channel() => GrpcChannel.ForAddress(fixture.Service.Address);

    [Theory]
    [InlineData("")]
    [InlineData("provenance.v1.Provenance")]
    public async Task Health_is_serving(string service)
    {
        using var channel = Channel();
        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service });
        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_services_and_describes_the_contract()
    {
        using var channel = Channel();
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "provenance.v1.Provenance"],
            call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).Order());

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "provenance.v1.Provenance.Sign" });
        Assert.True(await call.ResponseStream.MoveNext());
        var protos = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto;
        var names = protos.Select(p => FileDescriptorProto.Parser.ParseFrom(p).Name).ToList();
        // The file and everything it imports: the HTTP routes' google.api annotations bring http.proto and descriptor.proto.
        Assert.Equal(["provenance/v1/provenance.proto", "google/api/annotations.proto", "google/api/http.proto", "google/protobuf/descriptor.proto", "google/protobuf/timestamp.proto"], names);

        var built = FileDescriptor.BuildFromByteStrings(protos.Reverse());
        var service = built.Single(f => f.Name == "provenance/v1/provenance.proto").Services.Single();
        Assert.Equal(["Sign", "SignStream", "Verify", "VerifyStream", "GetManifest", "ListReports"], service.Methods.Select(m => m.Name));
        await call.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task Bad_requests_get_their_status_from_every_rpc()
    {
        using var channel = Channel();
        var client = new ProvenanceClient(channel);
        var truncatedJpeg = ByteString.CopyFrom(JpegStart);
        var generator = new CallOptions(new Metadata { { "authorization", "Bearer " + ExampleKeys.GeneratorKey } });
        var statuses = new Dictionary<string, StatusCode>
        {
            ["Sign without a key"] = await StatusOf(client.SignAsync(new SignRequest { Media = truncatedJpeg }).ResponseAsync),
            ["Sign with a platform key"] = await StatusOf(client.SignAsync(new SignRequest { Media = truncatedJpeg },
                new CallOptions(new Metadata { { "authorization", "Bearer " + ExampleKeys.PlatformKey } })).ResponseAsync),
            ["Sign of a truncated JPEG"] = await StatusOf(client.SignAsync(
                new SignRequest { Media = truncatedJpeg, Generation = new GenerationInfo { ModelName = "m" } }, generator).ResponseAsync),
            ["Sign without a model"] = await StatusOf(client.SignAsync(new SignRequest { Media = truncatedJpeg }, generator).ResponseAsync),
            ["Verify of a truncated JPEG"] = await StatusOf(client.VerifyAsync(new VerifyRequest { Media = truncatedJpeg }).ResponseAsync),
            ["Verify of text"] = await StatusOf(client.VerifyAsync(new VerifyRequest { Media = ByteString.CopyFromUtf8("hello") }).ResponseAsync),
            ["GetManifest of an unknown id"] = await StatusOf(client.GetManifestAsync(new GetManifestRequest { Id = "0123456789abcdef" }).ResponseAsync),
            ["GetManifest of a malformed id"] = await StatusOf(client.GetManifestAsync(new GetManifestRequest { Id = "../etc" }).ResponseAsync),
            ["ListReports without a key"] = await StatusOf(client.ListReportsAsync(new ListReportsRequest()).ResponseAsync),
            ["ListReports with a forged page token"] = await StatusOf(client.ListReportsAsync(new ListReportsRequest { PageToken = "bm9wZQ" },
                new CallOptions(new Metadata { { "authorization", "Bearer " + ExampleKeys.AuditorKey } })).ResponseAsync),
        };
        using (var verifyStream = client.VerifyStream())
        {
            statuses["VerifyStream starting with a chunk"] = await StatusOf(SendAsync(verifyStream.RequestStream,
                new VerifyStreamRequest { Chunk = truncatedJpeg }, verifyStream.ResponseAsync));
        }
        using (var signStream = client.SignStream(generator))
        {
            statuses["SignStream of an empty header"] = await StatusOf(DrainAsync(signStream));
        }

        Assert.Equal(new Dictionary<string, StatusCode>
        {
            ["Sign without a key"] = StatusCode.Unauthenticated,
            ["Sign with a platform key"] = StatusCode.Unauthenticated,
            ["Sign of a truncated JPEG"] = StatusCode.InvalidArgument,
            ["Sign without a model"] = StatusCode.InvalidArgument,
            ["Verify of a truncated JPEG"] = StatusCode.InvalidArgument,
            ["Verify of text"] = StatusCode.InvalidArgument,
            ["GetManifest of an unknown id"] = StatusCode.NotFound,
            ["GetManifest of a malformed id"] = StatusCode.InvalidArgument,
            ["ListReports without a key"] = StatusCode.Unauthenticated,
            ["ListReports with a forged page token"] = StatusCode.InvalidArgument,
            ["VerifyStream starting with a chunk"] = StatusCode.InvalidArgument,
            ["SignStream of an empty header"] = StatusCode.InvalidArgument,
        }, statuses);
    }

    [Fact]
    public async Task A_platform_gets_its_propagation_fields_into_a_copy_that_still_verifies()
    {
        using var channel = Channel();
        var client = new ProvenanceClient(channel);
        var photo = ByteString.CopyFrom(File.ReadAllBytes(Path.Combine(Provenance.Testing.RepositoryPaths.Photos, "butterfly.jpg")));
        var signed = await client.SignAsync(new SignRequest { Media = photo, Generation = new GenerationInfo { ModelName = "m" } },
            new CallOptions(new Metadata { { "authorization", "Bearer " + ExampleKeys.GeneratorKey } }));
        var propagation = new VerifyRequest { Media = signed.Media, Propagation = new PropagationRequest { PropagateId = "post-981" } };

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => client.VerifyAsync(propagation).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);

        var platform = new CallOptions(new Metadata { { "authorization", "Bearer " + ExampleKeys.PlatformKey } });
        var response = await client.VerifyAsync(propagation, platform);
        Assert.Equal(Verdict.Verified, response.Verdict);
        Assert.False(response.PropagatedMedia.IsEmpty);

        var copy = await client.VerifyAsync(new VerifyRequest { Media = response.PropagatedMedia });
        Assert.Equal(Verdict.Verified, copy.Verdict);
        var label = Provenance.Core.Labeling.AigcLabel.TryParse(copy.Manifest.AigcLabelJson)!;
        Assert.Equal(("EXAMPLEAILABS-PLATFORM", "post-981", signed.ManifestId), (label.ContentPropagator, label.PropagateId, label.ProduceId));
    }

    [Fact]
    public async Task A_request_over_the_default_receive_limit_is_resource_exhausted()
    {
        using var channel = Channel();
        var tooLarge = new VerifyRequest { Media = ByteString.CopyFrom(new byte[4 * 1024 * 1024 + 1]) };
        var error = await Assert.ThrowsAsync<RpcException>(() => new ProvenanceClient(channel).VerifyAsync(tooLarge).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task An_unknown_method_is_unimplemented()
    {
        using var channel = Channel();
        var unknown = new Method<VerifyRequest, VerifyResponse>(MethodType.Unary, "provenance.v1.Provenance", "Unknown",
            Marshallers.Create(r => r.ToByteArray(), VerifyRequest.Parser.ParseFrom), Marshallers.Create(r => r.ToByteArray(), VerifyResponse.Parser.ParseFrom));
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.CreateCallInvoker().AsyncUnaryCall(unknown, null, new CallOptions(), new VerifyRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Gzip_requests_are_accepted_and_answered_in_kind()
    {
        var photo = File.ReadAllBytes(Path.Combine(Provenance.Testing.RepositoryPaths.Photos, "home.jpg"));
        var request = new VerifyRequest { Media = ByteString.CopyFrom(photo) }.ToByteArray();
        using var http = RawGrpc.CreateClient();

        foreach (var gzip in new[] { true, false })
        {
            using var response = await http.SendAsync(RawGrpc.Request(fixture.Service.Address, "/provenance.v1.Provenance/Verify",
                new ByteArrayContent(RawGrpc.Frame(request, gzip)), gzip ? "gzip" : null));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(0, RawGrpc.Status(response));
            // A gzip request gets a gzip answer (Grpc:ResponseCompression unset); a plain one a plain answer.
            Assert.Equal(gzip, response.Headers.TryGetValues("grpc-encoding", out var encoding) && encoding.Single() == "gzip");
            Assert.Equal(gzip ? 1 : 0, body[0]);
            var message = body.AsSpan(5).ToArray();
            if (gzip)
            {
                using var inflated = new MemoryStream();
                using (var zip = new System.IO.Compression.GZipStream(new MemoryStream(message), System.IO.Compression.CompressionMode.Decompress))
                {
                    zip.CopyTo(inflated);
                }
                message = inflated.ToArray();
            }
            Assert.Equal(Verdict.Missing, VerifyResponse.Parser.ParseFrom(message).Verdict);
        }
    }

    private static async Task<StatusCode> StatusOf(Task task)
    {
        try
        {
            await task;
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }

    private static async Task SendAsync<TRequest, TResponse>(IClientStreamWriter<TRequest> requests, TRequest header, Task<TResponse> response)
    {
        try
        {
            await requests.WriteAsync(header);
            await requests.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may answer before the request stream is complete; its status is in the response.
        }
        await response;
    }

    private static async Task DrainAsync(AsyncDuplexStreamingCall<SignStreamRequest, SignStreamResponse> call)
    {
        try
        {
            await call.RequestStream.WriteAsync(new SignStreamRequest { Header = new SignRequest() });
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // As above: the status comes from the response stream.
        }
        while (await call.ResponseStream.MoveNext())
        {
        }
    }
}
