using Google.Protobuf;
using Provenance.Contracts.V1;
using Provenance.Core;
using Provenance.Grpc;
using Provenance.Grpc.Server;
using ProvenanceService.Application;

namespace ProvenanceService.Rpc;

/// <summary>
/// <c>provenance.v1.Provenance</c>: the six methods of provenance.proto bound to the application services. This
/// layer only moves messages: credentials come from the <c>authorization</c> header, streams are assembled and
/// split here. Errors thrown below become statuses in one place: the exception mappings of
/// <see cref="Hosting.ProvenanceServiceExtensions.AddProvenanceService"/>.
/// </summary>
internal sealed class ProvenanceRpcService(
    SigningService signing,
    VerificationService verification,
    AuditService audit,
    MediaLimits limits) : IGrpcService
{
    private const string Authorization = "authorization";

    public GrpcServiceDefinition BindService() =>
        GrpcServiceDefinition.CreateBuilder(ProvenanceMethods.Service)
            .AddUnaryMethod(ProvenanceMethods.Sign, SignAsync, SignRefusedAsync)
            .AddDuplexStreamingMethod(ProvenanceMethods.SignStream, SignStreamAsync)
            .AddUnaryMethod(ProvenanceMethods.Verify, VerifyAsync)
            .AddClientStreamingMethod(ProvenanceMethods.VerifyStream, VerifyStreamAsync)
            .AddUnaryMethod(ProvenanceMethods.GetManifest, GetManifestAsync)
            .AddUnaryMethod(ProvenanceMethods.ListReports, ListReportsAsync)
            .Build();

    private async Task<SignResponse> SignAsync(SignRequest request, ServerCallContext context)
    {
        var generator = await signing.AuthenticateAsync(context.RequestHeaders.GetValue(Authorization));
        return await signing.SignAsync(request, generator, context.CancellationToken);
    }

    private async Task SignStreamAsync(
        IAsyncStreamReader<SignStreamRequest> requests, IAsyncStreamWriter<SignStreamResponse> responses, ServerCallContext context)
    {
        // The credential is checked before a single chunk is read.
        var generator = await signing.AuthenticateAsync(context.RequestHeaders.GetValue(Authorization));
        SignRequest header;
        ByteString media;
        try
        {
            (header, media) = await StreamedMedia.ReadAsync(requests,
                m => (m.PartCase == SignStreamRequest.PartOneofCase.Header ? m.Header : null, m.Chunk), limits, context.CancellationToken);
        }
        catch (Exception e) when (e is RpcException or InvalidMediaException or OperationCanceledException)
        {
            await signing.AuditRefusedStreamAsync(generator, e);
            throw;
        }
        header.Media = media;
        var response = await signing.SignAsync(header, generator, context.CancellationToken);

        var signed = response.Media;
        response.Media = ByteString.Empty;
        await responses.WriteAsync(new SignStreamResponse { Header = response }, context.CancellationToken);
        foreach (var chunk in StreamedMedia.Chunks(signed))
        {
            await responses.WriteAsync(new SignStreamResponse { Chunk = chunk }, context.CancellationToken);
        }
    }

    // The transport refused the request message, so SignAsync never ran: the refusal still goes into the audit log.
    private Task SignRefusedAsync(ServerCallContext context, Status status) =>
        signing.AuditRefusedRequestAsync(context.RequestHeaders.GetValue(Authorization), status);

    private Task<VerifyResponse> VerifyAsync(VerifyRequest request, ServerCallContext context) =>
        verification.VerifyAsync(request, context.RequestHeaders.GetValue(Authorization), context.CancellationToken);

    private async Task<VerifyResponse> VerifyStreamAsync(IAsyncStreamReader<VerifyStreamRequest> requests, ServerCallContext context)
    {
        var (header, media) = await StreamedMedia.ReadAsync(requests,
            m => (m.PartCase == VerifyStreamRequest.PartOneofCase.Header ? m.Header : null, m.Chunk), limits, context.CancellationToken);
        header.Media = media;
        return await verification.VerifyAsync(header, context.RequestHeaders.GetValue(Authorization), context.CancellationToken);
    }

    private Task<GetManifestResponse> GetManifestAsync(GetManifestRequest request, ServerCallContext context) =>
        audit.GetManifestAsync(request, context.CancellationToken);

    private Task<ListReportsResponse> ListReportsAsync(ListReportsRequest request, ServerCallContext context) =>
        audit.ListReportsAsync(request, context.RequestHeaders.GetValue(Authorization), context.CancellationToken);
}
