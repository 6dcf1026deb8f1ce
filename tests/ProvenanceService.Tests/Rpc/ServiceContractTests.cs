using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Provenance.Contracts.V1;
using Provenance.Grpc;
using Provenance.Grpc.Client;
using Provenance.Grpc.Health;
using Provenance.Grpc.Reflection;
using ProvenanceService.Tests.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProvenanceService.Tests.Rpc;

/// <summary>The running service, through our client: what it serves before the pipelines land.</summary>
[Collection(ServiceProcessCollection.Name)]
public sealed class ServiceContractTests(ServiceProcessFixture fixture)
{
    private static readonly byte[] JpegStart = [0xFF, 0xD8, 0xFF, 0xE0];

    private GrpcChannel Channel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(fixture.Service.Address, options);

    [Theory]
    [InlineData("")]
    [InlineData("provenance.v1.Provenance")]
    public async Task Health_is_serving(string service)
    {
        using var channel = Channel();
        var response = await channel.UnaryCall(HealthMethods.Check, new HealthCheckRequest { Service = service });
        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_services_and_describes_the_contract()
    {
        using var channel = Channel();
        using var call = channel.DuplexStreamingCall(ServerReflectionMethods.ServerReflectionInfo);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "provenance.v1.Provenance"],
            call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).Order());

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "provenance.v1.Provenance.Sign" });
        Assert.True(await call.ResponseStream.MoveNext());
        var protos = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto;
        var names = protos.Select(p => FileDescriptorProto.Parser.ParseFrom(p).Name).ToList();
        Assert.Equal(["provenance/v1/provenance.proto", "google/protobuf/timestamp.proto"], names);

        var built = FileDescriptor.BuildFromByteStrings(protos.Reverse());
        var service = built.Single(f => f.Name == "provenance/v1/provenance.proto").Services.Single();
        Assert.Equal(["Sign", "SignStream", "Verify", "VerifyStream", "GetManifest", "ListReports"], service.Methods.Select(m => m.Name));
        await call.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task Every_rpc_answers_unimplemented_until_its_pipeline_lands()
    {
        using var channel = Channel();
        var client = new ProvenanceClient(channel);
        var media = ByteString.CopyFrom(JpegStart);
        var statuses = new Dictionary<string, StatusCode>
        {
            ["Sign"] = await StatusOf(client.SignAsync(new SignRequest { Media = media }).ResponseAsync),
            ["Verify"] = await StatusOf(client.VerifyAsync(new VerifyRequest { Media = media }).ResponseAsync),
            ["GetManifest"] = await StatusOf(client.GetManifestAsync(new GetManifestRequest { Id = "0123456789abcdef" }).ResponseAsync),
            ["ListReports"] = await StatusOf(client.ListReportsAsync(new ListReportsRequest()).ResponseAsync),
        };

        using (var verifyStream = client.VerifyStream())
        {
            statuses["VerifyStream"] = await StatusOf(SendAsync(verifyStream.RequestStream, new VerifyStreamRequest { Header = new VerifyRequest() }, verifyStream.ResponseAsync));
        }
        using (var signStream = client.SignStream())
        {
            statuses["SignStream"] = await StatusOf(DrainAsync(signStream));
        }

        Assert.All(statuses, s => Assert.Equal(StatusCode.Unimplemented, s.Value));
        Assert.Equal(6, statuses.Count);
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
        var unknown = new Method<VerifyRequest, VerifyResponse>(MethodType.Unary, "provenance.v1.Provenance", "Unknown", VerifyRequest.Parser, VerifyResponse.Parser);
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(unknown, new VerifyRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains("Unknown", error.Status.Detail);
    }

    [Fact]
    public async Task Gzip_requests_are_accepted()
    {
        using var channel = Channel(new GrpcChannelOptions { SendCompression = "gzip" });
        var call = new ProvenanceClient(channel).VerifyAsync(new VerifyRequest { Media = ByteString.CopyFrom(new byte[100_000]) });
        Assert.Equal(StatusCode.Unimplemented, await StatusOf(call.ResponseAsync));
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
