using System.Buffers.Binary;
using System.Globalization;
using System.Reflection;
using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Jumbf;
using Provenance.Core.Labeling;
using Provenance.Core.Labeling.Explicit;

namespace Provenance.Core.C2pa;

/// <summary>
/// Builds, signs and embeds C2PA manifests (claim v2).
/// <list type="bullet">
/// <item><see cref="Sign"/>: the manifest of an AI-generated asset: <c>c2pa.actions.v2</c> (<c>c2pa.created</c> by
/// the model as trained algorithmic media, <c>c2pa.edited</c> with the region of a visible label when one was drawn
/// or the time span of an audible one,
/// <c>c2pa.watermarked</c> when marked), <c>c2pa.soft-binding</c> for the
/// watermark, the GB 45438 AIGC label and a <c>c2pa.hash.data</c> hard binding.</item>
/// <item><see cref="SignDerived"/>: a new active manifest over a copy whose metadata was changed (a platform's
/// propagator fields in the label): the previous active manifest as its parentOf ingredient, <c>c2pa.opened</c> on
/// it, <c>c2pa.edited.metadata</c>, the new AIGC label and a hard binding over the changed bytes.</item>
/// </list>
/// The store's size is fixed before signing (see <see cref="ManifestEmbedding"/>), so the hard binding's exclusion is exact.
/// </summary>
public sealed partial class C2paManifestSigner
{
    /// <summary>The name this software writes into claim_generator_info under its own key.</summary>
    internal const string SoftwareKey = "org.provenance.service";

    /// <summary>claim_generator_info keys for the signing party's GB 45438 code, by its role.</summary>
    internal const string ContentProducerKey = "org.provenance.content_producer";
    internal const string ContentPropagatorKey = "org.provenance.content_propagator";

    /// <summary>The prefix of the explicit label's action parameters.</summary>
    internal const string ExplicitLabelKey = "org.provenance.explicit_label";

    /// <summary>The name of the region an explicit label's <c>c2pa.edited</c> action gives.</summary>
    private const string ExplicitLabelRegionName = "explicit AI label";

    private readonly C2paSigningCredential _credential;
    private readonly C2paValidator? _parentValidator;
    private readonly AssetHandlerSet _handlers;
    private readonly TimeProvider _time;

    /// <summary>A signer for JPEG, PNG and WebP assets, using the credential and the system clock; it cannot <see cref="SignDerived"/>.</summary>
    public C2paManifestSigner(C2paSigningCredential credential)
        : this(credential, null, AssetHandlerSet.Default, TimeProvider.System)
    {
    }

    /// <summary>
    /// A signer that can also sign derived manifests. <paramref name="parentValidator"/> (configured with the
    /// service's trust list) validates the manifest a derived manifest builds on, and its results are what the
    /// parentOf ingredient records, so that later validations report only what changed since.
    /// </summary>
    public C2paManifestSigner(C2paSigningCredential credential, C2paValidator parentValidator)
        : this(credential, parentValidator ?? throw new ArgumentNullException(nameof(parentValidator)), AssetHandlerSet.Default, TimeProvider.System)
    {
    }

    internal C2paManifestSigner(C2paSigningCredential credential, C2paValidator? parentValidator, AssetHandlerSet handlers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _credential = credential;
        _parentValidator = parentValidator;
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
        var generator = GeneratorInfo(request.Generator, ContentProducerKey);
        var assertions = BuildAssertions(request);
        var handler = _handlers.Resolve(asset);
        var bare = handler.FindManifestStoreRange(asset) is null ? asset.ToArray() : handler.RemoveManifestStore(asset);

        var manifestLabel = request.ManifestLabel is { } requested ? CheckLabel(requested, earlier: null) : NewManifestLabel();
        var instanceId = NewInstanceId();
        // The actions first (the spec wants c2pa.created in the first actions assertion), the hard binding next.
        var (signed, store) = ManifestEmbedding.Embed(handler, bare, (dataHash, sign) =>
            Compose(manifestLabel, instanceId, generator, request.Title, [assertions[0], dataHash, .. assertions.Skip(1)], earlierStore: null, sign));
        return Result(signed, manifestLabel, store);
    }

    /// <summary>
    /// Signs a derived copy: <paramref name="asset"/> is a JPEG, PNG or WebP whose XMP <c>TC260:AIGC</c> already holds
    /// <see cref="C2paDerivedSigningRequest.AigcLabelJson"/> and which still holds the manifest store it had before
    /// that change. Every manifest of that store is kept byte for byte; a new standard manifest is appended and
    /// becomes the active one. It records the change the C2PA way: the previous active manifest as a
    /// <c>c2pa.ingredient.v3</c> parentOf ingredient (hashed URIs of its manifest and claim signature, and its
    /// validation results as <c>parentValidator</c> judges it now, without its hard binding, which the changed bytes
    /// no longer match), <c>c2pa.opened</c> on that ingredient, <c>c2pa.edited.metadata</c> (spec 2.1+: changes to
    /// metadata only, not to the content), the new AIGC label assertion, and a <c>c2pa.hash.data</c> over the new
    /// bytes. A parent that fails validation is recorded with its failures rather than refused: the caller, who has
    /// verified the upload, decides whether to propagate.
    /// <para>
    /// Neither this method nor any validator afterwards can tell whether the content is still what the parent signed:
    /// the parent's binding covered bytes the copy no longer has, and validators check only the active manifest's
    /// binding. Derive only from an upload verified (hard binding included) before its XMP was changed.
    /// </para>
    /// <para>
    /// Throws <see cref="ArgumentException"/> when there is nothing to derive from (no store, or no readable active
    /// manifest), when the XMP label is not the request's, or for an invalid request;
    /// <see cref="InvalidMediaException"/> for an unsupported or malformed container; and
    /// <see cref="InvalidOperationException"/> when this signer was built without a parent validator.
    /// </para>
    /// </summary>
    public C2paSignedAsset SignDerived(ReadOnlySpan<byte> asset, C2paDerivedSigningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = _parentValidator ?? throw new InvalidOperationException(
            "this signer has no validator for parent manifests; build it with C2paManifestSigner(credential, parentValidator)");
        var generator = GeneratorInfo(request.Generator, ContentPropagatorKey);
        var label = AssertionPayload.Json(AigcLabelAssertion.Label, AigcLabelAssertion.Encode(request.AigcLabelJson));
        var handler = _handlers.Resolve(asset);
        var parent = ParentManifest.Read(handler, asset);
        RequireLabelInXmp(handler.ReadXmp(asset), request.AigcLabelJson);
        var manifestLabel = request.ManifestLabel is { } requested ? CheckLabel(requested, earlier: parent.Store) : NewManifestLabel();

        var parentValidation = validator.ValidateManifestStore(parent.StoreBytes);
        var ingredient = AssertionPayload.Cbor(C2paLabels.IngredientV3, IngredientAssertion.Encode(new IngredientAssertion.Contents(
            Title: parent.Claim.Title ?? parent.Manifest.Label,
            Format: handler.MimeType,
            InstanceId: parent.Claim.InstanceId,
            Relationship: IngredientAssertion.ParentOf,
            ActiveManifest: parent.ManifestReference(),
            ClaimSignature: parent.SignatureReference(),
            ValidationResults: parentValidation.ActiveManifest,
            IngredientDeltas: parentValidation.IngredientDeltas)));
        var when = Now();
        var actions = AssertionPayload.Cbor(C2paLabels.ActionsV2, ActionsAssertion.Encode(
        [
            new ActionEntry(C2paActions.Opened, When: when,
                Ingredients: [new HashedUri(AssertionUrl(ingredient.Label), ManifestStoreWriter.HashOf(ingredient.ToElement()), null)]),
            new ActionEntry(C2paActions.EditedMetadata, When: when, Description: request.Description),
        ]));

        var instanceId = NewInstanceId();
        var (signed, store) = ManifestEmbedding.Embed(handler, asset, (dataHash, sign) =>
            Compose(manifestLabel, instanceId, generator, title: null, [actions, dataHash, ingredient, label], parent.Store.Root, sign));
        return Result(signed, manifestLabel, store);
    }

    /// <summary>The manifest store holding the new manifest (after <paramref name="earlierStore"/>'s boxes, when given).</summary>
    private byte[] Compose(string manifestLabel, string instanceId, ClaimGeneratorInfo generator, string? title,
        IReadOnlyList<AssertionPayload> payloads, JumbfBox? earlierStore, bool sign)
    {
        var elements = payloads.Select(p => p.ToElement()).ToList();
        var references = payloads.Zip(elements, (p, e) => (AssertionUrl(p.Label), ManifestStoreWriter.HashOf(e))).ToList();
        var claim = ClaimWriter.EncodeV2(instanceId, generator,
            $"{C2paLabels.UriPrefix}/{C2paLabels.ManifestStore}/{manifestLabel}/{C2paLabels.Signature}", references, title);
        var signature = sign ? CoseSign1Writer.Sign(_credential, claim) : new byte[CoseSign1Writer.EncodedLength(_credential)];
        var store = earlierStore is null
            ? ManifestStoreWriter.Build(manifestLabel, elements, claim, signature)
            : ManifestStoreWriter.Append(earlierStore, manifestLabel, elements, claim, signature);
        return store.ToArray();
    }

    private static C2paSignedAsset Result(byte[] signed, string manifestLabel, byte[] store) =>
        new(signed, manifestLabel, store, ManifestJson.Manifest(ManifestStore.Parse(store).Active!));

    private static string AssertionUrl(string label) => $"{C2paLabels.UriPrefix}{C2paLabels.AssertionStore}/{label}";

    /// <summary>A fresh manifest label, <c>urn:c2pa:&lt;uuid v4&gt;</c>.</summary>
    public static string NewManifestLabel() => "urn:c2pa:" + Guid.NewGuid().ToString("D");

    private static string NewInstanceId() => "xmp:iid:" + Guid.NewGuid().ToString("D");

    private string Now() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string CheckLabel(string label, ManifestStore? earlier)
    {
        const string prefix = "urn:c2pa:";
        if (!label.StartsWith(prefix, StringComparison.Ordinal) || !Guid.TryParseExact(label[prefix.Length..], "D", out _))
        {
            throw new ArgumentException($"the manifest label '{label}' is not urn:c2pa: followed by a UUID", "request");
        }
        if (earlier?.Find(label) is not null)
        {
            throw new ArgumentException($"the manifest store already holds a manifest labelled '{label}'", "request");
        }
        return label;
    }

    /// <summary>The signed label and the plain-metadata label must be the same text, so refuse a copy whose XMP says otherwise.</summary>
    private static void RequireLabelInXmp(string? xmp, string aigcLabelJson)
    {
        var written = XmpPacket.TryParse(xmp)?.GetProperty(AigcMetadata.Tc260, "AIGC");
        if (!string.Equals(written, aigcLabelJson, StringComparison.Ordinal))
        {
            throw new ArgumentException(written is null
                ? "the asset's XMP holds no TC260:AIGC label; write the new label into XMP before signing the derived manifest"
                : "the asset's XMP TC260:AIGC label is not the request's label JSON", "asset");
        }
    }

    private List<AssertionPayload> BuildAssertions(C2paSigningRequest request)
    {
        var actions = new List<ActionEntry>
        {
            new(C2paActions.Created,
                DigitalSourceType: C2paActions.TrainedAlgorithmicMedia,
                SoftwareAgentName: request.ModelName,
                SoftwareAgentVersion: request.ModelVersion,
                When: Now(),
                Description: request.CreatedDescription),
        };
        if (request.ExplicitLabel is { } drawn)
        {
            actions.Add(ExplicitLabelAction(drawn));
        }
        if (request.AudibleLabel is { } played)
        {
            actions.Add(AudibleLabelAction(played));
        }
        var assertions = new List<AssertionPayload>();
        if (request.WatermarkId.HasValue)
        {
            actions.Add(new ActionEntry(C2paActions.Watermarked, Description: request.WatermarkedDescription ?? "invisible watermark carrying the asset's 64-bit ID"));
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

    /// <summary>
    /// The visible label drawn on the generated content, as a <c>c2pa.edited</c> action: the plate's rectangle as the
    /// changed region, and the label's text, position and text height as parameters under this software's key. On a
    /// video the region is given once per run of labelled frames, each with its time, and the span is a parameter too.
    /// </summary>
    private static ActionEntry ExplicitLabelAction(DrawnLabel drawn)
    {
        var region = new ActionRegion(Name: ExplicitLabelRegionName) { Rectangle = (drawn.X, drawn.Y, drawn.Width, drawn.Height) };
        List<ActionParameter> parameters =
        [
            new ActionParameter(ExplicitLabelKey + ".text", drawn.Text),
            new ActionParameter(ExplicitLabelKey + ".position", drawn.Position),
            new ActionParameter(ExplicitLabelKey + ".textHeight", drawn.TextHeight),
        ];
        if (drawn.Times is not { } times)
        {
            return new ActionEntry(C2paActions.Edited,
                Description: "visible AI label (GB 45438-2025 explicit label) drawn on the image",
                Changes: [region], Parameters: parameters);
        }
        parameters.Add(new ActionParameter(ExplicitLabelKey + ".span", drawn.Span ?? ""));
        return new ActionEntry(C2paActions.Edited,
            Description: "visible AI label (GB 45438-2025 explicit label) drawn on the video frames",
            Changes: times.Select(t => region with { StartSeconds = t.StartSeconds, EndSeconds = t.EndSeconds }).ToList(),
            Parameters: parameters);
    }

    /// <summary>
    /// The audible label played before the content, as a <c>c2pa.edited</c> action: its time span (label and the
    /// silence after it; the content follows) as the changed region, a temporal range with no spatial one, and
    /// which label it is (and for a spoken notice what it says) as parameters under this software's key.
    /// </summary>
    private static ActionEntry AudibleLabelAction(PlayedLabel played)
    {
        List<ActionParameter> parameters = [new ActionParameter(ExplicitLabelKey + ".audio", played.Kind)];
        if (played.SpokenText is { } text)
        {
            parameters.Add(new ActionParameter(ExplicitLabelKey + ".text", text));
        }
        return new ActionEntry(C2paActions.Edited,
            Description: played.SpokenText is null
                ? "audible AI label (GB 45438-2025 explicit label): the rhythm prompt \"short long short short\" played before the audio"
                : "audible AI label (GB 45438-2025 explicit label): a spoken notice played before the audio",
            Changes: [new ActionRegion(Name: ExplicitLabelRegionName) { StartSeconds = played.StartSeconds, EndSeconds = played.EndSeconds }],
            Parameters: parameters);
    }

    // The assembly's version without its "+commit" suffix; read once, as reading attributes costs a tenth of a millisecond.
    private static readonly string SoftwareVersion = ReadSoftwareVersion();

    private static string ReadSoftwareVersion()
    {
        var version = typeof(C2paManifestSigner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }

    /// <param name="codeKey">Under which key the party's GB 45438 code goes: a producer's or a propagator's.</param>
    private static ClaimGeneratorInfo GeneratorInfo(ContentGenerator generator, string codeKey)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentException.ThrowIfNullOrWhiteSpace(generator.Name);
        return new ClaimGeneratorInfo(generator.Name, null,
        [
            new(SoftwareKey, SoftwareVersion),
            new("org.provenance.organisation", generator.Organisation),
            new(codeKey, generator.ContentProducer),
        ]);
    }
}
