using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.Crypto;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa.Validation;

/// <summary>Extracts the facts a verdict and a display need from a validated manifest.</summary>
internal static class SummaryBuilder
{
    public static ManifestSummary Build(ManifestReport report)
    {
        var claim = report.Claim;
        var actions = report.Assertions
            .Where(a => C2paLabels.IsActions(a.Label) && a.Cbor is not null)
            .SelectMany(a => ActionsAssertion.Decode(a.Cbor!))
            .Select(a => new ManifestAction(a.Action, a.DigitalSourceType, a.SoftwareAgentName, a.SoftwareAgentVersion, a.When))
            .ToList();
        var creation = actions.FirstOrDefault(a => a.Action is C2paActions.Created or C2paActions.Opened);
        var softBinding = report.Assertions.FirstOrDefault(a => C2paLabels.BaseLabel(a.Label) == C2paLabels.SoftBinding && a.Cbor is not null);
        var (softAlgorithm, softValue) = softBinding is null ? (null, null) : SoftBindingAssertion.Decode(softBinding.Cbor!);
        var aigc = report.Assertions.FirstOrDefault(a => C2paLabels.BaseLabel(a.Label) == AigcLabelAssertion.Label);
        var aigcContent = aigc?.Box.Children.FirstOrDefault(c => c.Type == BoxType.Json);

        DateTimeOffset? signingTime = report.TimeStamp;
        if (signingTime is null && creation?.When is { } when
            && DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var claimed))
        {
            signingTime = claimed;
        }
        var signer = report.Signer;
        return new ManifestSummary
        {
            Label = report.Manifest.Label,
            ClaimVersion = claim?.Version ?? 0,
            ClaimGenerator = claim is null ? null
                : claim.GeneratorInfo.Count > 0 ? string.Join(", ", claim.GeneratorInfo.Select(g => g.Version is null ? g.Name : $"{g.Name} {g.Version}"))
                : claim.ClaimGenerator,
            Title = claim?.Title,
            InstanceId = claim?.InstanceId,
            SignerCommonName = signer?.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            SignerOrganization = signer is null ? null : CertificateNames.Organization(signer.SubjectName),
            SignerIssuer = signer is null ? null : CertificateNames.Organization(signer.IssuerName) ?? signer.GetNameInfo(X509NameType.SimpleName, forIssuer: true),
            SignerThumbprint = signer is null ? null : TrustAnchorSet.Sha256Thumbprint(signer),
            SignatureAlgorithm = report.SignatureAlgorithm,
            SigningTime = signingTime,
            SigningTimeAttested = report.TimeStampTrusted,
            TimeStampTime = report.TimeStamp,
            TimeStampAuthority = report.TimeStamp is null ? null : report.TimeStampAuthority,
            Actions = actions,
            Ingredients = report.Ingredients
                .Select(i => new IngredientSummary(i.Title, i.Relationship, i.Format, i.ManifestLabel, i.Manifest is { } m ? Build(m) : null))
                .ToList(),
            DigitalSourceType = creation?.DigitalSourceType,
            SoftBindingAlgorithm = softAlgorithm,
            SoftBindingValueHex = softValue is null ? null : Convert.ToHexString(softValue).ToLowerInvariant(),
            AigcLabelJson = aigcContent is null ? null : Encoding.UTF8.GetString(aigcContent.Payload.Span),
            AssertionLabels = report.Assertions.Select(a => a.Label).ToList(),
            Parent = report.Parent is { } parent ? Build(parent) : null,
        };
    }
}
