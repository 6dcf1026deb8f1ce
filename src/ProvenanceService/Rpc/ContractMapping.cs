using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Provenance.Contracts.V1;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using ProvenanceService.Application;
using ProvenanceService.Storage;
using AigcLabel = Provenance.Contracts.V1.AigcLabel;
using CoreLabel = Provenance.Core.Labeling.AigcLabel;
using CoreStatus = Provenance.Core.C2pa.Validation.ValidationStatus;
using CoreSummary = Provenance.Core.C2pa.Validation.ManifestSummary;
using IngredientSummary = Provenance.Contracts.V1.IngredientSummary;
using CoreVerdict = Provenance.Core.Verification.Verdict;
using ManifestSummary = Provenance.Contracts.V1.ManifestSummary;
using ValidationStatus = Provenance.Contracts.V1.ValidationStatus;
using WireVerdict = Provenance.Contracts.V1.Verdict;

namespace ProvenanceService.Rpc;

/// <summary>Domain values in the contract's terms (provenance.proto) and back: the only place that knows both.</summary>
internal static class ContractMapping
{
    public static SignCommand ToCommand(SignRequest request) => new(
        request.Media.Memory,
        NullIfEmpty(request.MimeType),
        request.Generation?.ModelName ?? "",
        NullIfEmpty(request.Generation?.ModelVersion),
        NullIfEmpty(request.Generation?.Title),
        request.Generation is { PromptDigest.IsEmpty: false } generation ? generation.PromptDigest.ToByteArray() : null,
        ExplicitLabelMapping.FromRequest(request.ExplicitLabel),
        ExplicitLabelMapping.AudibleFromRequest(request.ExplicitLabel));

    public static SignResponse ToWire(SignedContent signed) => new()
    {
        Media = ByteString.CopyFrom(signed.Bytes),
        MimeType = signed.MimeType,
        ManifestId = signed.ManifestId,
        // The record keeps the drawn ID either way (IDs stay unique); the caller hears only of one in the pixels.
        WatermarkId = signed.Watermarked ? signed.WatermarkIdHex : "",
        ContentHash = signed.ContentHash,
        WatermarkPsnrDb = signed.WatermarkPsnrDb,
        WatermarkOmittedReason = signed.WatermarkOmittedReason ?? "",
        ExplicitLabel = (signed.ExplicitLabel, signed.AudibleLabel) switch
        {
            ({ } drawn, _) => ExplicitLabelMapping.ToResponse(drawn),
            (_, { } played) => ExplicitLabelMapping.ToResponse(played),
            _ => null,
        },
        AudioTrackWatermarked = signed.AudioTrackWatermarked,
        AudioTrackWatermarkOmittedReason = signed.AudioTrackWatermarkOmittedReason ?? "",
    };

    public static VerifyCommand ToCommand(VerifyRequest request) => new(
        request.Media.Memory,
        NullIfEmpty(request.MimeType),
        request.UploaderDeclaresAiGenerated,
        request.Propagation is { } propagation
            ? new PropagationCommand(string.IsNullOrWhiteSpace(propagation.ContentPropagator) ? null : propagation.ContentPropagator, propagation.PropagateId)
            : null);

    public static VerifyResponse ToWire(VerificationResult result)
    {
        var outcome = result.Outcome;
        var validation = result.ValidationBehindVerdict;
        var response = new VerifyResponse
        {
            Verdict = ToWire(outcome.Decision.Verdict),
            VerdictReason = outcome.Decision.VerdictReason,
            AigcLabel = ToWire(outcome.Decision.Label),
            AigcLabelReason = outcome.Decision.LabelReason,
            Watermark = Watermark(outcome),
            Manifest = Summary(outcome),
            ValidationState = validation?.State?.ToString() ?? "",
            ContentHash = outcome.ContentHash,
            ReportId = result.ReportId ?? "",
        };
        if (validation is not null)
        {
            response.ValidationStatus.AddRange(Statuses(validation.ActiveManifest));
        }
        if (result.PropagatedMedia is { } propagated)
        {
            response.PropagatedMedia = ByteString.CopyFrom(propagated);
        }
        return response;
    }

    public static GetManifestResponse ToWire(StoredManifest stored)
    {
        var record = stored.Record;
        return new GetManifestResponse
        {
            ManifestId = record.ManifestId,
            WatermarkId = record.WatermarkId,
            Generator = record.GeneratorName,
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
            ContentHash = record.ContentHash,
            ManifestJson = record.ManifestJson,
            ManifestStore = ByteString.CopyFrom(record.ManifestStore),
            MimeType = record.MimeType,
            Revoked = stored.RevocationReason is not null,
            RevocationReason = stored.RevocationReason ?? "",
            Fingerprint = ByteString.CopyFrom(record.Fingerprint),
            PromptDigest = record.PromptDigest is null ? ByteString.Empty : ByteString.CopyFrom(record.PromptDigest),
        };
    }

    public static ReportFilter ToFilter(ListReportsRequest request) => new(
        FromWire(request.Verdict),
        NullIfEmpty(request.Platform),
        request.Since?.ToDateTimeOffset(),
        request.Until?.ToDateTimeOffset(),
        request.PageSize,
        NullIfEmpty(request.PageToken));

    public static ListReportsResponse ToWire(ReportListing listing)
    {
        var response = new ListReportsResponse { NextPageToken = listing.NextPageToken ?? "" };
        foreach (var report in listing.Reports)
        {
            var wire = new Report
            {
                ReportId = report.ReportId,
                CreatedAt = Timestamp.FromDateTimeOffset(report.CreatedAt),
                Platform = report.Platform,
                ContentHash = report.ContentHash,
                Verdict = VerdictNames.Parse(report.Verdict) is { } verdict ? ToWire(verdict) : WireVerdict.Unspecified,
                WatermarkId = report.WatermarkId ?? "",
                ManifestId = report.ManifestId ?? "",
                MimeType = report.MimeType,
                AigcLabel = ToWire(report.AigcLabel),
            };
            wire.StatusCodes.AddRange(report.StatusCodes);
            response.Reports.Add(wire);
        }
        return response;
    }

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

    public static CoreVerdict? FromWire(WireVerdict verdict) => verdict switch
    {
        WireVerdict.Verified => CoreVerdict.Verified,
        WireVerdict.Recovered => CoreVerdict.Recovered,
        WireVerdict.Tampered => CoreVerdict.Tampered,
        WireVerdict.Untrusted => CoreVerdict.Untrusted,
        WireVerdict.Declared => CoreVerdict.Declared,
        WireVerdict.Missing => CoreVerdict.Missing,
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
        var wire = Summary(summary);
        wire.Generator = outcome.Stored?.Generator ?? summary.ClaimGenerator ?? "";
        wire.Source = outcome.Embedded.HasManifest ? "embedded" : "store";
        return wire;
    }

    /// <summary>What one manifest says; ingredients' manifests recurse (the validator bounded their depth and cut cycles).</summary>
    private static ManifestSummary Summary(CoreSummary summary)
    {
        var created = summary.Actions.FirstOrDefault(a => a.Action == "c2pa.created");
        var wire = new ManifestSummary
        {
            ManifestId = summary.Label,
            ClaimGenerator = summary.ClaimGenerator ?? "",
            Generator = summary.ClaimGenerator ?? "",
            ModelName = created?.SoftwareAgent ?? "",
            ModelVersion = created?.SoftwareAgentVersion ?? "",
            Signer = string.Join(", ", new[] { summary.SignerCommonName, summary.SignerOrganization }.Where(s => !string.IsNullOrEmpty(s))),
            DigitalSourceType = summary.DigitalSourceType ?? "",
            AigcLabelJson = summary.AigcLabelJson ?? "",
            Title = summary.Title ?? "",
            SignerIssuer = summary.SignerIssuer ?? "",
            SignatureAlgorithm = summary.SignatureAlgorithm ?? "",
        };
        if (summary.SigningTime is { } signedAt)
        {
            wire.SignedAt = Timestamp.FromDateTimeOffset(signedAt);
        }
        if (summary.TimeStampTime is { } stamped)
        {
            wire.TimeStamp = new TimeStampSummary
            {
                Authority = summary.TimeStampAuthority ?? "",
                Time = Timestamp.FromDateTimeOffset(stamped),
                Trusted = summary.SigningTimeAttested,
            };
        }
        wire.Actions.AddRange(summary.Actions.Select(a => a.Action));
        foreach (var ingredient in summary.Ingredients)
        {
            wire.Ingredients.Add(new IngredientSummary
            {
                Title = ingredient.Title ?? "",
                Relationship = ingredient.Relationship,
                Format = ingredient.Format ?? "",
                ManifestId = ingredient.ManifestLabel ?? "",
                Manifest = ingredient.Manifest is { } manifest ? Summary(manifest) : null,
            });
        }
        return wire;
    }

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

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
