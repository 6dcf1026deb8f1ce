using Grpc.Core;
using Google.Protobuf;
using Provenance.Contracts.V1;
using Provenance.Core.C2pa;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using ProvenanceService.Auth;
using ProvenanceService.Storage;
using Verdict = Provenance.Contracts.V1.Verdict;

namespace ProvenanceService.Application;

/// <summary>
/// Verify: identify the platform (open by default), run the Verify pipeline against the store, record a report
/// for every verdict other than verified, answer with the verdict, the label to display and the evidence.
/// </summary>
internal sealed class VerificationService(
    ContentVerifier verifier,
    LabelPropagator propagator,
    IProvenanceRecords records,
    IManifestStore store,
    ClientRegistry registry,
    TimeProvider time,
    ILogger<VerificationService> logger)
{
    public async Task<VerifyResponse> VerifyAsync(VerifyRequest request, string? authorization, CancellationToken cancellationToken)
    {
        var platform = registry.AuthenticatePlatform(authorization);
        if (request.Media.IsEmpty)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "media is empty."));
        }
        if (request.Propagation is { } asked)
        {
            // The propagator fields go into a signed manifest in the platform's name: only a known platform may ask.
            if (platform.IsAnonymous)
            {
                throw new AuthenticationFailedException("Propagation requires 'authorization: Bearer <platform API key>'.");
            }
            if (string.IsNullOrWhiteSpace(asked.PropagateId))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "propagation.propagate_id is required."));
            }
        }

        var outcome = await verifier.VerifyAsync(request.Media.Memory, NullIfEmpty(request.MimeType), request.UploaderDeclaresAiGenerated,
            records, cancellationToken, detectWhenBound: false).ConfigureAwait(false);
        var verdict = ContractMapping.ToWire(outcome.Decision.Verdict);
        var validation = ContractMapping.ValidationBehindVerdict(outcome);

        var response = new VerifyResponse
        {
            Verdict = verdict,
            VerdictReason = outcome.Decision.VerdictReason,
            AigcLabel = ContractMapping.ToWire(outcome.Decision.Label),
            AigcLabelReason = outcome.Decision.LabelReason,
            Watermark = ContractMapping.Watermark(outcome),
            Manifest = ContractMapping.Summary(outcome),
            ValidationState = validation?.State?.ToString() ?? "",
            ContentHash = outcome.ContentHash,
        };
        if (validation is not null)
        {
            response.ValidationStatus.AddRange(ContractMapping.Statuses(validation.ActiveManifest));
        }

        if (verdict != Verdict.Verified)
        {
            var report = new VerificationReport(
                "rpt_" + Guid.CreateVersion7().ToString("N"),
                time.GetUtcNow(),
                platform.Name,
                outcome.ContentHash,
                ContractMapping.Name(verdict),
                validation?.FailureCodes.ToList() ?? [],
                outcome.WatermarkId,
                outcome.Summary?.Label,
                outcome.MimeType,
                outcome.Decision.Label);
            await store.AddReportAsync(report, CancellationToken.None).ConfigureAwait(false);
            response.ReportId = report.ReportId;
        }
        if (request.Propagation is { } propagation)
        {
            var code = string.IsNullOrWhiteSpace(propagation.ContentPropagator) ? platform.ContentPropagator : propagation.ContentPropagator;
            try
            {
                response.PropagatedMedia = ByteString.CopyFrom(propagator.Propagate(request.Media.Span, outcome,
                    new ContentGenerator(platform.Name, platform.Organisation, code), propagation.PropagateId));
            }
            catch (PropagationRefusedException e)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
            }
        }
        logger.LogInformation("Verified {MimeType} for {Platform}: {Verdict}, label {Label}{Report}", outcome.MimeType, platform.Name,
            ContractMapping.Name(verdict), outcome.Decision.Label ?? "none", response.ReportId.Length > 0 ? ", report " + response.ReportId : "");
        return response;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
