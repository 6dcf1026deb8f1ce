using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1Alpha;
using Provenance.Grpc.Server;
using Provenance.Grpc.Server.Internal;

namespace Provenance.Grpc.Reflection;

/// <summary>
/// <c>grpc.reflection.v1alpha.ServerReflection</c>: lets generic tools list the mapped services and fetch the
/// .proto descriptors behind them. A file is always sent together with everything it imports (e.g.
/// google/protobuf/timestamp.proto), so that a client can build every message type from one answer.
/// Unknown names get an error_response with NOT_FOUND and the stream stays open.
/// </summary>
internal sealed class ServerReflectionService(GrpcServiceRegistry registry) : IGrpcService
{
    private DescriptorIndex? _index;
    private int _indexedServiceCount = -1;

    public GrpcServiceDefinition BindService() =>
        GrpcServiceDefinition.CreateBuilder(ReflectionReflection.Descriptor.Services[0])
            .AddDuplexStreamingMethod(ServerReflectionMethods.ServerReflectionInfo, ServerReflectionInfoAsync)
            .Build();

    private async Task ServerReflectionInfoAsync(
        IAsyncStreamReader<ServerReflectionRequest> requests,
        IAsyncStreamWriter<ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(Answer(requests.Current)).ConfigureAwait(false);
        }
    }

    internal ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        var index = Index();
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                foreach (var service in registry.Services)
                {
                    list.Service.Add(new ServiceResponse { Name = service.Name });
                }
                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, index.FindFile(request.FileByFilename), $"File '{request.FileByFilename}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, index.FindFileContainingSymbol(request.FileContainingSymbol), $"Symbol '{request.FileContainingSymbol}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                var extension = request.FileContainingExtension;
                SetFile(
                    response,
                    index.FindFileContainingExtension(extension.ContainingType, extension.ExtensionNumber),
                    $"Extension {extension.ExtensionNumber} of '{extension.ContainingType}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                var numbers = index.ExtensionNumbersOf(request.AllExtensionNumbersOfType);
                if (numbers is null)
                {
                    SetError(response, StatusCode.NotFound, $"Type '{request.AllExtensionNumbersOfType}' not found.");
                }
                else
                {
                    var answer = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType.TrimStart('.') };
                    answer.ExtensionNumber.AddRange(numbers);
                    response.AllExtensionNumbersResponse = answer;
                }
                break;
            default:
                SetError(response, StatusCode.InvalidArgument, "The request names no reflection query.");
                break;
        }
        return response;
    }

    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            SetError(response, StatusCode.NotFound, notFound);
            return;
        }
        var files = new FileDescriptorResponse();
        foreach (var descriptor in DescriptorIndex.WithDependencies(file))
        {
            files.FileDescriptorProto.Add(descriptor.SerializedData);
        }
        response.FileDescriptorResponse = files;
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };

    private DescriptorIndex Index()
    {
        // Services are mapped at start-up; rebuild only if the set changed since the last query.
        var services = registry.Services;
        var index = Volatile.Read(ref _index);
        if (index is null || services.Count != Volatile.Read(ref _indexedServiceCount))
        {
            index = new DescriptorIndex(services.Where(s => s.Descriptor is not null).Select(s => s.Descriptor!.File));
            Volatile.Write(ref _index, index);
            Volatile.Write(ref _indexedServiceCount, services.Count);
        }
        return index;
    }
}
