using Provenance.Contracts.V1;
using Provenance.Grpc;
using Provenance.Grpc.Server;

namespace ProvenanceService.Rpc;

/// <summary>
/// <c>provenance.v1.Provenance</c>: the six methods of provenance.proto bound to their handlers. None is built
/// yet, so each answers UNIMPLEMENTED (never a made-up result); the sign and verify pipelines replace the bodies.
/// Errors thrown by handlers become statuses in one place: the exception mappings of
/// <see cref="Hosting.ProvenanceServiceExtensions.AddProvenanceService"/>.
/// </summary>
internal sealed class ProvenanceRpcService : IGrpcService
{
    public GrpcServiceDefinition BindService() =>
        GrpcServiceDefinition.CreateBuilder(ProvenanceMethods.Service)
            .AddUnaryMethod(ProvenanceMethods.Sign, SignAsync)
            .AddDuplexStreamingMethod(ProvenanceMethods.SignStream, SignStreamAsync)
            .AddUnaryMethod(ProvenanceMethods.Verify, VerifyAsync)
            .AddClientStreamingMethod(ProvenanceMethods.VerifyStream, VerifyStreamAsync)
            .AddUnaryMethod(ProvenanceMethods.GetManifest, GetManifestAsync)
            .AddUnaryMethod(ProvenanceMethods.ListReports, ListReportsAsync)
            .Build();

    private Task<SignResponse> SignAsync(SignRequest request, ServerCallContext context)
    {
        // Sign will first authenticate the generator from context.RequestHeaders.GetValue("authorization").
        throw NotBuiltYet(ProvenanceMethods.Sign);
    }

    private Task SignStreamAsync(
        IAsyncStreamReader<SignStreamRequest> requests, IAsyncStreamWriter<SignStreamResponse> responses, ServerCallContext context)
    {
        // Same credential check as Sign, before the first chunk is read.
        throw NotBuiltYet(ProvenanceMethods.SignStream);
    }

    private Task<VerifyResponse> VerifyAsync(VerifyRequest request, ServerCallContext context) =>
        throw NotBuiltYet(ProvenanceMethods.Verify);

    private Task<VerifyResponse> VerifyStreamAsync(IAsyncStreamReader<VerifyStreamRequest> requests, ServerCallContext context) =>
        throw NotBuiltYet(ProvenanceMethods.VerifyStream);

    private Task<GetManifestResponse> GetManifestAsync(GetManifestRequest request, ServerCallContext context) =>
        throw NotBuiltYet(ProvenanceMethods.GetManifest);

    private Task<ListReportsResponse> ListReportsAsync(ListReportsRequest request, ServerCallContext context) =>
        throw NotBuiltYet(ProvenanceMethods.ListReports);

    private static RpcException NotBuiltYet(IMethod method) =>
        new(StatusCode.Unimplemented, $"{method.ServiceName}.{method.Name} is not implemented yet.");
}
