using System.Security.Cryptography;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Formats;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// Validates a <c>c2pa.hash.data</c> hard binding against the asset (spec 15.12.1): ordered, non-negative
/// exclusions inside the file; one exclusion that is exactly the container bytes holding the manifest store (for
/// JPEG, all APP11 segments with their headers); the hash over everything else.
/// </summary>
internal static class DataHashValidator
{
    /// <param name="storeMayHaveGrown">
    /// True when update manifests were found: then the exclusion that starts at the store stands for the current
    /// store, and later exclusions move by the store's growth (spec 15.12.1.1).
    /// </param>
    public static void Validate(DeclaredAssertion assertion, Claim claim, ManifestBox manifest, AssetBinding binding, StatusLog log, bool storeMayHaveGrown)
    {
        var url = manifest.AssertionUri(assertion.Label);
        if (assertion.Cbor is null)
        {
            return; // reported as assertion.cbor.invalid already
        }
        if (DataHashAssertion.Decode(assertion.Cbor) is not { } contents)
        {
            log.Failure(StatusCodes.AssertionDataHashMalformed, url, "the exclusions are not a list of non-negative start/length pairs");
            return;
        }
        var exclusions = contents.Exclusions.ToList();
        for (var i = 1; i < exclusions.Count; i++)
        {
            if (exclusions[i - 1].End > exclusions[i].Start)
            {
                log.Failure(StatusCodes.AssertionDataHashMalformed, url, "exclusion ranges overlap or are out of order");
                return;
            }
        }
        var algorithmId = contents.Algorithm ?? claim.Algorithm;
        if (HashAlgorithms.FromIdentifier(algorithmId) is not { } algorithm)
        {
            log.Failure(StatusCodes.AlgorithmUnsupported, url, $"data hash algorithm '{algorithmId ?? "(none)"}' is not allowed");
            return;
        }
        if (contents.Hash is not { } expected)
        {
            log.Failure(StatusCodes.AssertionDataHashMismatch, url, "the data hash has no hash value");
            return;
        }
        var asset = binding.Asset.Span;
        if (binding.StoreRange is { } store)
        {
            var index = exclusions.FindIndex(e => e.Start == store.Start);
            if (storeMayHaveGrown && index >= 0 && exclusions[index].Length != store.Length)
            {
                var growth = store.Length - exclusions[index].Length;
                exclusions[index] = store;
                for (var i = index + 1; i < exclusions.Count; i++)
                {
                    exclusions[i] = exclusions[i] with { Start = exclusions[i].Start + growth };
                }
            }
            if (index < 0 || exclusions[index] != store)
            {
                log.Failure(StatusCodes.AssertionDataHashMismatch, url,
                    $"no exclusion covers exactly the manifest store at {store.Start} (+{store.Length} bytes)");
                return;
            }
            if (exclusions.Count > 1)
            {
                log.Info(StatusCodes.DataHashAdditionalExclusionsPresent, url, $"{exclusions.Count - 1} exclusions besides the manifest store");
            }
        }
        var assetLength = asset.Length;
        if (exclusions.Any(e => e.End > assetLength))
        {
            log.Failure(StatusCodes.AssertionDataHashMismatch, url, "an exclusion extends beyond the end of the asset");
            return;
        }
        if (Hash(asset, exclusions, algorithm).AsSpan().SequenceEqual(expected))
        {
            log.Success(StatusCodes.AssertionDataHashMatch, url, "data hash valid");
        }
        else
        {
            log.Failure(StatusCodes.AssertionDataHashMismatch, url, "the asset's bytes do not match the data hash");
        }
    }

    /// <summary>Hashes the asset with the (ordered) exclusions left out.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> asset, IReadOnlyList<ByteRange> exclusions, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        long position = 0;
        foreach (var exclusion in exclusions)
        {
            if (exclusion.Start > position)
            {
                hash.AppendData(asset[(int)position..(int)exclusion.Start]);
            }
            position = Math.Max(position, exclusion.End);
        }
        if (position < asset.Length)
        {
            hash.AppendData(asset[(int)position..]);
        }
        return hash.GetHashAndReset();
    }
}
