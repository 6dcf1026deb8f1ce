using Provenance.Core.C2pa.Validation;
using Provenance.Core.Verification;

namespace ProvenanceService.Application;

/// <summary>Verify's answer: the pipeline's outcome, the report recorded for it, and the propagated copy if one was asked for.</summary>
/// <param name="ReportId">Set when a report was recorded (every verdict other than verified).</param>
internal sealed record VerificationResult(VerificationOutcome Outcome, string? ReportId, byte[]? PropagatedMedia)
{
    /// <summary>The validation of the manifest the verdict rests on: the embedded one, else the stored one.</summary>
    public C2paValidationResult? ValidationBehindVerdict => BehindVerdict(Outcome);

    public static C2paValidationResult? BehindVerdict(VerificationOutcome outcome) =>
        outcome.Embedded.HasManifest ? outcome.Embedded : outcome.StoredValidation;
}
