using Google.Protobuf;
using Grpc.Core;
using Provenance.Contracts.V1;
using Provenance.Core;
using ProvenanceService.Application;
using Contract = Provenance.Contracts.V1.Provenance;

namespace ProvenanceService.Rpc;

/// <summary>
/// <c>provenance.v1.Provenance</c>: the six methods of provenance.proto (the generated base class) bound to the
/// application services. This layer only moves messages: credentials come from the <c>authorization</c> header,
/// streams are assembled and split here. Errors thrown below become statuses in one place,
/// <see cref="ExceptionStatusInterceptor"/>.
/// </summary>
internal sealed class ProvenanceRpcService(
    SigningService signing,
    VerificationService verification,
    AuditService audit,
    MediaLimits limits) : Contract.ProvenanceBase
{
    private const string Authorization = "authorization";

    public override async Task<SignResponse> Sign(SignRequest request, ServerCallContext context)
    {
        RefusedSignAudit.MarkHandled(context);
        var generator = await signing.AuthenticateAsync(context.RequestHeaders.GetValue(Authorization));
        return await signing.SignAsync(request, generator, context.CancellationToken);
    }

    public override async Task SignStream(
        IAsyncStreamReader<SignStreamRequest> requestStream, IServerStreamWriter<SignStreamResponse> responseStream, ServerCallContext context)
    {
        // The credential is checked before a single chunk is read.
        var generator = await signing.AuthenticateAsync(context.RequestHeaders.GetValue(Authorization));
        SignRequest header;
        ByteString media;
        try
        {
            (header, media) = await StreamedMedia.ReadAsync(requestStream,
                m => (m.PartCase == SignStreamRequest.PartOneofCase.Header ? m.Header : null, m.Chunk), limits, context.CancellationToken);
        }
        catch (Exception e) when (e is RpcException or InvalidMediaException or OperationCanceledException or IOException)
        {
            // Out of order, over the file-size or message limit, cancelled: the stream ended before the media
            // was complete, and the audit records it with the status the caller gets.
            await signing.AuditRefusedStreamAsync(generator, ExceptionStatuses.For(e, context));
            throw;
        }
        header.Media = media;
        var response = await signing.SignAsync(header, generator, context.CancellationToken);

        var signed = response.Media;
        response.Media = ByteString.Empty;
        await responseStream.WriteAsync(new SignStreamResponse { Header = response }, context.CancellationToken);
        foreach (var chunk in StreamedMedia.Chunks(signed))
        {
            await responseStream.WriteAsync(new SignStreamResponse { Chunk = chunk }, context.CancellationToken);
        }
    }

    public override Task<VerifyResponse> Verify(VerifyRequest request, ServerCallContext context) =>
        verification.VerifyAsync(request, context.RequestHeaders.GetValue(Authorization), context.CancellationToken);

    public override async Task<VerifyResponse> VerifyStream(IAsyncStreamReader<VerifyStreamRequest> requestStream, ServerCallContext context)
    {
        var (header, media) = await StreamedMedia.ReadAsync(requestStream,
            m => (m.PartCase == VerifyStreamRequest.PartOneofCase.Header ? m.Header : null, m.Chunk), limits, context.CancellationToken);
        header.Media = media;
        return await verification.VerifyAsync(header, context.RequestHeaders.GetValue(Authorization), context.CancellationToken);
    }

    public override Task<GetManifestResponse> GetManifest(GetManifestRequest request, ServerCallContext context) =>
        audit.GetManifestAsync(request, context.CancellationToken);

    public override Task<ListReportsResponse> ListReports(ListReportsRequest request, ServerCallContext context) =>
        audit.ListReportsAsync(request, context.RequestHeaders.GetValue(Authorization), context.CancellationToken);
}
