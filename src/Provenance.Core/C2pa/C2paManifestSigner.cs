using System.Buffers.Binary;
using System.Reflection;
using System.Security.Cryptography;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Cose;
using Provenance.Core.Formats;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa;

/// <summary>
/// Builds, signs and embeds a C2PA manifest (claim v2) for an AI-generated asset: <c>c2pa.actions.v2</c>
/// (<c>c2pa.created</c> by the model as trained algorithmic media, <c>c2pa.watermarked</c> when marked),
/// <c>c2pa.soft-binding</c> for the watermark, the GB 45438 AIGC label, and a <c>c2pa.hash.data</c> hard binding.
/// The store's size is fixed before signing (reserve, then fill: spec "Multiple Step Processing"), so the hard
/// binding's exclusion is exact.
/// </summary>
public sealed class C2paManifestSigner
{
    /// <summary>The name this software writes into claim_generator_info under its own key.</summary>
    internal const string SoftwareKey = "org.provenance.service";

    private readonly C2paSigningCredential _credential;
    private readonly AssetHandlerSet _handlers;
    private readonly TimeProvider _time;

    /// <summary>A signer for JPEG, PNG and WebP assets, using the credential and the system clock.</summary>
    public C2paManifestSigner(C2paSigningCredential credential)
        : this(credential, AssetHandlerSet.Default, TimeProvider.System)
    {
    }

    internal C2paManifestSigner(C2paSigningCredential credential, AssetHandlerSet handlers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _credential = credential;
        _handlers = handlers;
        _time = time;
    }

    /// <summary>
    /// Signs <paramref name="asset"/> (JPEG, PNG or WebP; watermarked and with its XMP written; its size already
    /// checked against the media limits). A manifest store already in the asset is replaced: its hard binding could
    /// not survive the re-encode that produced the asset.
    /// Throws <see cref="InvalidMediaException"/> for an unsupported or malformed container and
    /// <see cref="ArgumentException"/> for an invalid request.
    /// </summary>
    public C2paSignedAsset Sign(ReadOnlySpan<byte> asset, C2paSigningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ModelName);
        var handler = _handlers.Resolve(asset);
        var bare = handler.FindManifestStoreRange(asset) is null ? asset.ToArray() : handler.RemoveManifestStore(asset);

        var manifestLabel = "urn:c2pa:" + Guid.NewGuid().ToString("D");
        var instanceId = "xmp:iid:" + Guid.NewGuid().ToString("D");
        var fixedAssertions = BuildAssertions(request);
        var dataHashLength = DataHashAssertion.ReservedLength(HashLength);

        // Pass 1: a placeholder store of the final size (reserved data hash, unsigned claim) is embedded, so the
        // container is in its final shape (a WebP's RIFF size and VP8X header change too) and can be hashed.
        var reserved = AssertionPayload.Cbor(C2paLabels.DataHash, DataHashAssertion.Encode(new ByteRange(0, 0), new byte[HashLength], dataHashLength));
        var placeholder = Layout(manifestLabel, instanceId, request, fixedAssertions, reserved, sign: false).ToArray();
        var range = handler.PlanManifestStore(bare, placeholder.Length);
        var embedded = handler.InsertManifestStore(bare, placeholder);
        if (handler.FindManifestStoreRange(embedded) != range)
        {
            throw new InvalidOperationException($"the {handler.Format} handler put the store elsewhere than it planned");
        }
        var contentHash = DataHash(embedded, range);

        // Pass 2: the real exclusion, hashes and signature, in exactly the same number of bytes, put in its place.
        var dataHash = AssertionPayload.Cbor(C2paLabels.DataHash, DataHashAssertion.Encode(range, contentHash, dataHashLength));
        var store = Layout(manifestLabel, instanceId, request, fixedAssertions, dataHash, sign: true).ToArray();
        if (store.Length != placeholder.Length)
        {
            throw new InvalidOperationException($"the manifest store is {store.Length} bytes, {placeholder.Length} were planned");
        }
        var signed = handler.ReplaceManifestStore(embedded, store);
        var manifestJson = ManifestJson.Manifest(ManifestStore.Parse(store).Active!);
        return new C2paSignedAsset(signed, manifestLabel, store, manifestJson);
    }

    private const int HashLength = 32;

    /// <summary>SHA-256 over the embedded asset minus the store's container bytes, as <c>c2pa.hash.data</c> defines it.</summary>
    private static byte[] DataHash(ReadOnlySpan<byte> embedded, ByteRange range)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(embedded[..(int)range.Start]);
        hash.AppendData(embedded[(int)range.End..]);
        return hash.GetHashAndReset();
    }

    private JumbfSuperboxElement Layout(string manifestLabel, string instanceId, C2paSigningRequest request,
        IReadOnlyList<AssertionPayload> fixedAssertions, AssertionPayload dataHash, bool sign)
    {
        // The actions first (the spec wants c2pa.created in the first actions assertion), the hard binding next.
        var payloads = new List<AssertionPayload> { fixedAssertions[0], dataHash };
        payloads.AddRange(fixedAssertions.Skip(1));
        var elements = payloads.Select(p => p.ToElement()).ToList();
        var references = payloads.Zip(elements, (p, e) => ($"{C2paLabels.UriPrefix}{C2paLabels.AssertionStore}/{p.Label}", ManifestStoreWriter.HashOf(e))).ToList();
        var claim = ClaimWriter.EncodeV2(instanceId, GeneratorInfo(request.Generator),
            $"{C2paLabels.UriPrefix}/{C2paLabels.ManifestStore}/{manifestLabel}/{C2paLabels.Signature}", references, request.Title);
        var signature = sign ? CoseSign1Writer.Sign(_credential, claim) : new byte[CoseSign1Writer.EncodedLength(_credential)];
        return ManifestStoreWriter.Build(manifestLabel, elements, claim, signature);
    }

    private List<AssertionPayload> BuildAssertions(C2paSigningRequest request)
    {
        var actions = new List<ActionEntry>
        {
            new(C2paActions.Created,
                DigitalSourceType: C2paActions.TrainedAlgorithmicMedia,
                SoftwareAgentName: request.ModelName,
                SoftwareAgentVersion: request.ModelVersion,
                When: _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)),
        };
        var assertions = new List<AssertionPayload>();
        if (request.WatermarkId.HasValue)
        {
            actions.Add(new ActionEntry(C2paActions.Watermarked, Description: "invisible watermark carrying the asset's 64-bit ID"));
        }
        assertions.Add(AssertionPayload.Cbor(C2paLabels.ActionsV2, ActionsAssertion.Encode(actions)));
        if (request.WatermarkId is { } id)
        {
            var value = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(value, id);
            assertions.Add(AssertionPayload.Cbor(C2paLabels.SoftBinding, SoftBindingAssertion.Encode(SoftBindingAssertion.WatermarkAlgorithm, value)));
        }
        assertions.Add(AssertionPayload.Json(AigcLabelAssertion.Label, AigcLabelAssertion.Encode(request.AigcLabelJson)));
        return assertions;
    }

    private static ClaimGeneratorInfo GeneratorInfo(ContentGenerator generator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(generator.Name);
        var version = typeof(C2paManifestSigner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+');
        return new ClaimGeneratorInfo(generator.Name, null,
        [
            new(SoftwareKey, plus < 0 ? version : version[..plus]),
            new("org.provenance.organisation", generator.Organisation),
            new("org.provenance.content_producer", generator.ContentProducer),
        ]);
    }
}
