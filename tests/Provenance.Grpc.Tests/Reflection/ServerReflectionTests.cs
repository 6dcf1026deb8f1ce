using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1Alpha;
using Provenance.Grpc.Client;
using Provenance.Grpc.Reflection;
using Provenance.Grpc.Tests.Infrastructure;

namespace Provenance.Grpc.Tests.Reflection;

[Collection(EchoHostCollection.Name)]
public sealed class ServerReflectionTests(EchoHostFixture fixture)
{
    private readonly EchoHost _host = fixture.Host;

    [Fact]
    public async Task Lists_every_mapped_service()
    {
        var response = await AskAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.Equal(
            ["echo.v1.Echo", "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"],
            response.ListServicesResponse.Service.Select(s => s.Name).Order());
    }

    [Theory]
    [InlineData("echo.v1.Echo", "echo/v1/echo.proto")]
    [InlineData("echo.v1.Echo.Bidi", "echo/v1/echo.proto")]
    [InlineData("echo.v1.EchoRequest", "echo/v1/echo.proto")]
    [InlineData(".echo.v1.MetadataEntry", "echo/v1/echo.proto")]
    [InlineData("grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto")]
    [InlineData("google.protobuf.Duration", "google/protobuf/duration.proto")]
    public async Task Finds_the_file_declaring_a_symbol(string symbol, string file)
    {
        var response = await AskAsync(new ServerReflectionRequest { FileContainingSymbol = symbol });
        var files = Parse(response);
        Assert.Equal(file, files[0].Name);
    }

    [Fact]
    public async Task A_file_comes_with_everything_it_imports_so_that_it_can_be_built()
    {
        var response = await AskAsync(new ServerReflectionRequest { FileContainingSymbol = "echo.v1.Echo" });
        var files = Parse(response);
        Assert.Equal(["echo/v1/echo.proto", "google/protobuf/duration.proto"], files.Select(f => f.Name));

        // Build real descriptors from the answer alone, dependencies first.
        var built = FileDescriptor.BuildFromByteStrings(response.FileDescriptorResponse.FileDescriptorProto.Reverse());
        var echo = built.Single(f => f.Name == "echo/v1/echo.proto");
        Assert.Equal(["Unary", "ClientStream", "ServerStream", "Bidi"], echo.Services[0].Methods.Select(m => m.Name));
        Assert.True(echo.Services[0].FindMethodByName("Bidi").IsClientStreaming);
        Assert.Equal("google.protobuf.Duration", echo.FindTypeByName<MessageDescriptor>("EchoResponse").FindFieldByName("deadline_remaining").MessageType.FullName);
    }

    [Fact]
    public async Task Finds_files_by_name()
    {
        var files = Parse(await AskAsync(new ServerReflectionRequest { FileByFilename = "google/protobuf/duration.proto" }));
        Assert.Equal("google/protobuf/duration.proto", files.Single().Name);
    }

    [Fact]
    public async Task Unknown_names_get_not_found_and_the_stream_goes_on()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.DuplexStreamingCall(ServerReflectionMethods.ServerReflectionInfo);
        ServerReflectionRequest[] requests =
        [
            new() { FileContainingSymbol = "no.such.Symbol" },
            new() { FileByFilename = "no/such.proto" },
            new() { AllExtensionNumbersOfType = "no.such.Type" },
            new() { FileContainingExtension = new ExtensionRequest { ContainingType = "echo.v1.EchoRequest", ExtensionNumber = 100 } },
            new() { Host = "any" },
            new() { AllExtensionNumbersOfType = "echo.v1.EchoRequest" },
        ];
        var responses = new List<ServerReflectionResponse>();
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request);
            Assert.True(await call.ResponseStream.MoveNext());
            responses.Add(call.ResponseStream.Current);
            Assert.Equal(request, call.ResponseStream.Current.OriginalRequest);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());

        Assert.All(responses.Take(5), r => Assert.True(r.ErrorResponse is not null, r.ToString()));
        Assert.Equal(
            [(int)StatusCode.NotFound, (int)StatusCode.NotFound, (int)StatusCode.NotFound, (int)StatusCode.NotFound, (int)StatusCode.InvalidArgument],
            responses.Take(5).Select(r => r.ErrorResponse.ErrorCode));
        Assert.Equal("echo.v1.EchoRequest", responses[5].AllExtensionNumbersResponse.BaseTypeName);
        Assert.Empty(responses[5].AllExtensionNumbersResponse.ExtensionNumber);
    }

    private async Task<ServerReflectionResponse> AskAsync(ServerReflectionRequest request)
    {
        using var channel = _host.CreateChannel();
        using var call = channel.DuplexStreamingCall(ServerReflectionMethods.ServerReflectionInfo);
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        var response = call.ResponseStream.Current;
        Assert.False(await call.ResponseStream.MoveNext());
        return response;
    }

    private static List<FileDescriptorProto> Parse(ServerReflectionResponse response)
    {
        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, response.MessageResponseCase);
        return response.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
    }
}
