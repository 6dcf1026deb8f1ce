using System.Security.Cryptography.X509Certificates;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Cbor;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa.Validation;

/// <summary>An assertion the claim references, resolved to its box (and decoded, when its content is CBOR).</summary>
internal sealed record DeclaredAssertion(string Label, JumbfBox Box, HashedUri Reference, CborNode? Cbor, bool Created);

/// <summary>What validating one manifest found: the statuses and the parts later steps and the summary need.</summary>
internal sealed class ManifestReport(ManifestBox manifest)
{
    public ManifestBox Manifest { get; } = manifest;

    public StatusLog Log { get; } = new();

    public Claim? Claim { get; set; }

    public X509Certificate2? Signer { get; set; }

    public string? SignatureAlgorithm { get; set; }

    public DateTimeOffset? TimeStamp { get; set; }

    public bool TimeStampTrusted { get; set; }

    /// <summary>Who issued the time-stamp (its TSA certificate's organisation or name), when its signature verified.</summary>
    public string? TimeStampAuthority { get; set; }

    public List<DeclaredAssertion> Assertions { get; } = [];

    public List<IngredientDelta> IngredientDeltas { get; } = [];

    /// <summary>The ingredient assertions with a valid relationship, in claim order, each with its manifest's report when validated.</summary>
    public List<IngredientReport> Ingredients { get; } = [];

    /// <summary>The report of the parentOf ingredient's manifest, when it was validated.</summary>
    public ManifestReport? Parent { get; set; }

    private Dictionary<string, DeclaredAssertion>? _byUri;

    /// <summary>The declared assertions by absolute URI (built once; stores can be large and hostile).</summary>
    public IReadOnlyDictionary<string, DeclaredAssertion> AssertionsByUri()
    {
        if (_byUri is null)
        {
            _byUri = new Dictionary<string, DeclaredAssertion>(StringComparer.Ordinal);
            foreach (var assertion in Assertions)
            {
                _byUri.TryAdd(Manifest.AssertionUri(assertion.Label), assertion);
            }
        }
        return _byUri;
    }

    public string SignatureUri => $"{Manifest.Uri}/{C2paLabels.Signature}";

    public string ClaimUri => $"{Manifest.Uri}/{Manifest.ClaimBoxes.FirstOrDefault()?.Label ?? C2paLabels.ClaimV2}";
}

/// <summary>An ingredient as its assertion describes it, and the report of its manifest when that was validated.</summary>
internal sealed record IngredientReport(string? Title, string Relationship, string? Format, string? ManifestLabel, ManifestReport? Manifest);
