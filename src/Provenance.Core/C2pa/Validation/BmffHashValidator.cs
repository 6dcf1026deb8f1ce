using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Formats.Bmff;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// Validates a <c>c2pa.hash.bmff</c> hard binding (v1, v2, v3 by label) against an ISO BMFF asset: well-formed
/// exclusions, an allowed algorithm, and the hash over the stream minus the excluded boxes (with top-level box
/// offsets from v2 on). Bindings that carry only merkle trees (fragmented MP4) are reported as not checked.
/// </summary>
internal static class BmffHashValidator
{
    public static void Validate(DeclaredAssertion assertion, Claim claim, ManifestBox manifest, AssetBinding binding, StatusLog log)
    {
        var url = manifest.AssertionUri(assertion.Label);
        if (assertion.Cbor is null)
        {
            return; // reported as assertion.cbor.invalid already
        }
        if (binding.Bmff is not { } asset)
        {
            log.Failure(StatusCodes.AssertionBmffHashMismatch, url, "a BMFF hash binds an asset that is not ISO BMFF");
            return;
        }
        if (BmffHashAssertion.Decode(assertion.Cbor, out var problem) is not { } contents)
        {
            log.Failure(StatusCodes.AssertionBmffHashMalformed, url, problem ?? "malformed BMFF hash");
            return;
        }
        var algorithmId = contents.Algorithm ?? claim.Algorithm;
        if (HashAlgorithms.FromIdentifier(algorithmId) is not { } algorithm)
        {
            log.Failure(StatusCodes.AlgorithmUnsupported, url, $"BMFF hash algorithm '{algorithmId ?? "(none)"}' is not allowed");
            return;
        }
        if (contents.Hash is not { } expected)
        {
            log.Failure(StatusCodes.GeneralError, url, contents.HasMerkle
                ? "the BMFF hash is carried by merkle trees only (fragmented MP4), which this validator does not check"
                : "the BMFF hash has no hash value");
            return;
        }
        var version = C2paLabels.BaseLabel(assertion.Label) switch
        {
            C2paLabels.BmffHashV3 => 3,
            C2paLabels.BmffHashV2 => 2,
            _ => 1,
        };
        var actual = BmffHasher.Hash(asset.Stream, asset.Tree, contents.Exclusions, algorithm, withOffsets: version > 1);
        if (actual.AsSpan().SequenceEqual(expected))
        {
            log.Success(StatusCodes.AssertionBmffHashMatch, url, "BMFF hash valid");
        }
        else
        {
            log.Failure(StatusCodes.AssertionBmffHashMismatch, url, "the asset's boxes do not match the BMFF hash");
        }
    }
}
