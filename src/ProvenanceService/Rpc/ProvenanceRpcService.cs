using Google.Protobuf;
using Grpc.Core;
using Provenance.Contracts.V1;
using Provenance.Core;
using ProvenanceService.Application;
using ProvenanceService.Auth;
using Contract = Provenance.Contracts.V1.Provenance;

namespace ProvenanceService.Rpc;

/// <summary>
/// <c>provenance.v1.Provenance</c>: the six methods of provenance.proto (the generated base class) on the
/// application services. This layer only moves messages: it maps protos to the application's commands and its
/// results back (<see cref="ContractMapping"/>), takes credentials from the <c>authorization</c> header,
/// assembles and splits streams, and audits the Sign calls that store nothing (<see cref="SignAudit"/>). Unary
/// Sign and Verify are admitted by <see cref="AdmissionInterceptor"/>; the streaming forms read their upload first
/// (bounded by <see cref="UploadBudget"/>) and ask <see cref="CallAdmission"/> when the heavy work starts.
/// Exceptions become statuses in one place, <see cref="ExceptionStatusInterceptor"/>.
/// </summary>
internal sealed class ProvenanceRpcService(
    SigningService signing,
    SignAudit signAudit,
    VerificationService verification,
    AuditService audit,
    CallAdmission admission,
    UploadBudget uploads,
    MediaLimits limits) : Contract.ProvenanceBase
{
    private const string Authorization = "authorization";

    public override async Task<SignResponse> Sign(SignRequest request, ServerCallContext context)
    {
        RefusedSignAudit.MarkHandled(context);
        var generator = await signAudit.AuthenticateAsync(context);
        return ContractMapping.ToWire(await SignAuditedAsync(request, null, generator, context));
    }

    public override async Task SignStream(
        IAsyncStreamReader<SignStreamRequest> requestStream, IServerStreamWriter<SignStreamResponse> responseStream, ServerCallContext context)
    {
        RefusedSignAudit.MarkHandled(context);
        // The credential is checked before a single chunk is read.
        var generator = await signAudit.AuthenticateAsync(context);
        using var upload = uploads.Open(context.Method);
        SignRequest header;
        ByteString media;
        SpooledMedia? spool;
        try
        {
            (header, media, spool) = await StreamedMedia.ReadAsync(requestStream,
                m => (m.PartCase == SignStreamRequest.PartOneofCase.Header ? m.Header : null, m.Chunk), limits, upload, context.CancellationToken);
        }
        catch (Exception e) when (e is RpcException or InvalidMediaException or OperationCanceledException or IOException)
        {
            // Out of order, over the file-size, message or upload limit, cancelled: the stream ended before the media was complete.
            await signAudit.FailedAsync(generator, e, 0, context);
            throw;
        }
        using (spool)
        {
            IDisposable lease;
            try
            {
                // A spooled video has no bytes in memory: its estimate comes from the spool's box headers.
                lease = spool is null
                    ? await admission.AdmitAsync(media.Memory, MediaCall.Sign, context)
                    : await admission.AdmitAsync(spool, MediaCall.Sign, context);
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                await signAudit.FailedAsync(generator, e, spool?.Length ?? media.Length, context);
                throw;
            }
            header.Media = media;
            SignResponse response;
            using (lease)
            {
                response = ContractMapping.ToWire(await SignAuditedAsync(header, spool, generator, context));
            }

            // The answer streams back outside the slot: a slow reader holds no heavy-work slot either.
            var signed = response.Media;
            response.Media = ByteString.Empty;
            await responseStream.WriteAsync(new SignStreamResponse { Header = response }, context.CancellationToken);
            // A spooled video was signed into a file next to the upload: sent from there, a chunk at a time.
            var chunks = spool is null ? StreamedMedia.Chunks(signed).ToAsyncEnumerable() : StreamedMedia.ChunksAsync(spool.SignedPath, context.CancellationToken);
            await foreach (var chunk in chunks.WithCancellation(context.CancellationToken))
            {
                await responseStream.WriteAsync(new SignStreamResponse { Chunk = chunk }, context.CancellationToken);
            }
        }
    }

    public override async Task<VerifyResponse> Verify(VerifyRequest request, ServerCallContext context) =>
        ContractMapping.ToWire(await verification.VerifyAsync(
            ContractMapping.ToCommand(request), context.RequestHeaders.GetValue(Authorization), context.CancellationToken));

    public override async Task<VerifyResponse> VerifyStream(IAsyncStreamReader<VerifyStreamRequest> requestStream, ServerCallContext context)
    {
        using var upload = uploads.Open(context.Method);
        var (header, media, spool) = await StreamedMedia.ReadAsync(requestStream,
            m => (m.PartCase == VerifyStreamRequest.PartOneofCase.Header ? m.Header : null, m.Chunk), limits, upload, context.CancellationToken);
        using (spool)
        {
            header.Media = media;
            using var lease = spool is null
                ? await admission.AdmitAsync(media.Memory, MediaCall.Verify, context)
                : await admission.AdmitAsync(spool, MediaCall.Verify, context);
            return ContractMapping.ToWire(await verification.VerifyAsync(
                ContractMapping.ToCommand(header) with { File = spool }, context.RequestHeaders.GetValue(Authorization), context.CancellationToken));
        }
    }

    public override async Task<GetManifestResponse> GetManifest(GetManifestRequest request, ServerCallContext context) =>
        ContractMapping.ToWire(await audit.GetManifestAsync(request.Id, context.CancellationToken));

    public override async Task<ListReportsResponse> ListReports(ListReportsRequest request, ServerCallContext context) =>
        ContractMapping.ToWire(await audit.ListReportsAsync(
            ContractMapping.ToFilter(request), context.RequestHeaders.GetValue(Authorization), context.CancellationToken));

    private async Task<Provenance.Core.Signing.SignedContent> SignAuditedAsync(SignRequest request, SpooledMedia? spool,
        GeneratorIdentity generator, ServerCallContext context)
    {
        try
        {
            return await signing.SignAsync(ContractMapping.ToCommand(request) with { File = spool }, generator, context.CancellationToken);
        }
        catch (Exception e)
        {
            await signAudit.FailedAsync(generator, e, spool?.Length ?? request.Media.Length, context);
            throw;
        }
    }
}
