using Provenance.Core.C2pa;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using ProvenanceService.Application.Errors;
using ProvenanceService.Auth;
using ProvenanceService.Observability;
using ProvenanceService.Storage;

namespace ProvenanceService.Application;

/// <summary>
/// Verify: identify the platform (open by default), run the Verify pipeline against the store, record a report
/// for every verdict other than verified, make the propagated copy when asked.
/// </summary>
internal sealed class VerificationService(
    ContentVerifier verifier,
    LabelPropagator propagator,
    IProvenanceRecords records,
    IManifestStore store,
    ClientRegistry registry,
    TimeProvider time,
    ServiceMetrics metrics,
    ILogger<VerificationService> logger)
{
    public async Task<VerificationResult> VerifyAsync(VerifyCommand command, string? authorization, CancellationToken cancellationToken)
    {
        var platform = registry.AuthenticatePlatform(authorization);
        if (command.Media.IsEmpty && command.File is not { Length: > 0 })
        {
            throw new InvalidRequestException("media is empty.");
        }
        if (command.Propagation is { } asked)
        {
            // The propagator fields go into a signed manifest in the platform's name: only a known platform may ask.
            if (platform.IsAnonymous)
            {
                throw new AuthenticationFailedException("Propagation requires 'authorization: Bearer <platform API key>'.");
            }
            if (string.IsNullOrWhiteSpace(asked.PropagateId))
            {
                throw new InvalidRequestException("propagation.propagate_id is required.");
            }
            if (command.File is not null)
            {
                throw new PreconditionFailedException("Propagation is not available for videos yet; verify without it.");
            }
        }

        var outcome = command.File is { } file
            ? await verifier.VerifyVideoFileAsync(file.Path, command.MimeType, command.UploaderDeclaresAiGenerated,
                records, cancellationToken, detectWhenBound: false).ConfigureAwait(false)
            : await verifier.VerifyAsync(command.Media, command.MimeType, command.UploaderDeclaresAiGenerated,
                records, cancellationToken, detectWhenBound: false).ConfigureAwait(false);
        var verdict = outcome.Decision.Verdict;

        string? reportId = null;
        if (verdict != Verdict.Verified)
        {
            var validation = VerificationResult.BehindVerdict(outcome);
            var report = new VerificationReport(
                "rpt_" + Guid.CreateVersion7().ToString("N"),
                time.GetUtcNow(),
                platform.Name,
                outcome.ContentHash,
                VerdictNames.Name(verdict),
                validation?.FailureCodes.ToList() ?? [],
                outcome.WatermarkId,
                outcome.Summary?.Label,
                outcome.MimeType,
                outcome.Decision.Label);
            await store.AddReportAsync(report, CancellationToken.None).ConfigureAwait(false);
            reportId = report.ReportId;
        }
        byte[]? propagated = null;
        if (command.Propagation is { } propagation)
        {
            var code = string.IsNullOrWhiteSpace(propagation.ContentPropagator) ? platform.ContentPropagator : propagation.ContentPropagator;
            try
            {
                propagated = propagator.Propagate(command.Media.Span, outcome, new ContentGenerator(platform.Name, platform.Organisation, code),
                    propagation.PropagateId);
            }
            catch (PropagationRefusedException e)
            {
                throw new PreconditionFailedException(e.Message);
            }
        }
        metrics.Verdict(VerdictNames.Name(verdict));
        logger.LogInformation("Verified {MimeType} for {Platform}: {Verdict}, label {Label}{Report}", outcome.MimeType, platform.Name,
            VerdictNames.Name(verdict), outcome.Decision.Label ?? "none", reportId is null ? "" : ", report " + reportId);
        return new VerificationResult(outcome, reportId, propagated);
    }
}
