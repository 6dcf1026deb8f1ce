using Google.Protobuf.WellKnownTypes;
using Provenance.Contracts.V1;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Verification;
using AigcLabel = Provenance.Contracts.V1.AigcLabel;
using CoreLabel = Provenance.Core.Labeling.AigcLabel;
using CoreStatus = Provenance.Core.C2pa.Validation.ValidationStatus;
using CoreVerdict = Provenance.Core.Verification.Verdict;
using ManifestSummary = Provenance.Contracts.V1.ManifestSummary;
using ValidationStatus = Provenance.Contracts.V1.ValidationStatus;
using WireVerdict = Provenance.Contracts.V1.Verdict;

namespace ProvenanceService.Application;

/// <summary>Core results in the contract's terms, and the contract's enums as the store and reports spell them.</summary>
internal static class ContractMapping
{
    public static WireVerdict ToWire(CoreVerdict verdict) => verdict switch
    {
        CoreVerdict.Verified => WireVerdict.Verified,
        CoreVerdict.Recovered => WireVerdict.Recovered,
        CoreVerdict.Tampered => WireVerdict.Tampered,
        CoreVerdict.Untrusted => WireVerdict.Untrusted,
        CoreVerdict.Declared => WireVerdict.Declared,
        CoreVerdict.Missing => WireVerdict.Missing,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    /// <summary>The lower-case name design.md and the CLI use ("verified", ...), also what reports store.</summary>
    public static string Name(WireVerdict verdict) => verdict switch
    {
        WireVerdict.Verified => "verified",
        WireVerdict.Recovered => "recovered",
        WireVerdict.Tampered => "tampered",
        WireVerdict.Untrusted => "untrusted",
        WireVerdict.Declared => "declared",
        WireVerdict.Missing => "missing",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    public static WireVerdict? VerdictFromName(string name) => name switch
    {
        "verified" => WireVerdict.Verified,
        "recovered" => WireVerdict.Recovered,
        "tampered" => WireVerdict.Tampered,
        "untrusted" => WireVerdict.Untrusted,
        "declared" => WireVerdict.Declared,
        "missing" => WireVerdict.Missing,
        _ => null,
    };

    public static AigcLabel ToWire(string? label) => label switch
    {
        CoreLabel.AiGenerated => AigcLabel.AiGenerated,
        CoreLabel.PossiblyAiGenerated => AigcLabel.PossiblyAiGenerated,
        CoreLabel.SuspectedAiGenerated => AigcLabel.SuspectedAiGenerated,
        _ => AigcLabel.None,
    };

    public static WatermarkResult Watermark(VerificationOutcome outcome) => new()
    {
        Detected = outcome.Watermark.Detected,
        Id = outcome.WatermarkId ?? (outcome.WatermarkSkipped ? outcome.Summary?.SoftBindingValueHex?.ToLowerInvariant() ?? "" : ""),
        BoundByManifest = outcome.WatermarkSkipped,
        Confidence = outcome.Watermark.Confidence,
        BitErrorsCorrected = outcome.Watermark.BitErrorsCorrected,
        EstimatedScale = outcome.Watermark.Scale,
        EstimatedRotationDegrees = outcome.Watermark.RotationDegrees,
        Resolved = outcome.Stored is not null,
        FingerprintMatches = outcome.FingerprintMatch?.Matches ?? false,
    };

    public static ManifestSummary? Summary(VerificationOutcome outcome)
    {
        if (outcome.Summary is not { } summary)
        {
            return null;
        }
        var created = summary.Actions.FirstOrDefault(a => a.Action == "c2pa.created");
        var wire = new ManifestSummary
        {
            ManifestId = summary.Label,
            ClaimGenerator = summary.ClaimGenerator ?? "",
            Generator = outcome.Stored?.Generator ?? summary.ClaimGenerator ?? "",
            ModelName = created?.SoftwareAgent ?? "",
            ModelVersion = created?.SoftwareAgentVersion ?? "",
            Signer = string.Join(", ", new[] { summary.SignerCommonName, summary.SignerOrganization }.Where(s => !string.IsNullOrEmpty(s))),
            DigitalSourceType = summary.DigitalSourceType ?? "",
            AigcLabelJson = summary.AigcLabelJson ?? "",
            Source = outcome.Embedded.HasManifest ? "embedded" : "store",
        };
        if (summary.SigningTime is { } signedAt)
        {
            wire.SignedAt = Timestamp.FromDateTimeOffset(signedAt);
        }
        wire.Actions.AddRange(summary.Actions.Select(a => a.Action));
        return wire;
    }

    /// <summary>The status codes of the manifest the verdict rests on (embedded, else the stored one).</summary>
    public static C2paValidationResult? ValidationBehindVerdict(VerificationOutcome outcome) =>
        outcome.Embedded.HasManifest ? outcome.Embedded : outcome.StoredValidation;

    public static IEnumerable<ValidationStatus> Statuses(ValidationStatusSet set) =>
        set.Success.Select(s => Status(s, ValidationStatus.Types.Kind.Success))
            .Concat(set.Informational.Select(s => Status(s, ValidationStatus.Types.Kind.Informational)))
            .Concat(set.Failure.Select(s => Status(s, ValidationStatus.Types.Kind.Failure)));

    private static ValidationStatus Status(CoreStatus status, ValidationStatus.Types.Kind kind) => new()
    {
        Code = status.Code,
        Url = status.Url ?? "",
        Explanation = status.Explanation ?? "",
        Kind = kind,
    };
}
