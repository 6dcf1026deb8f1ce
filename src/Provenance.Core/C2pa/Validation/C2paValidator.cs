using Provenance.Core.C2pa.Model;
using Provenance.Core.Crypto;
using Provenance.Core.Formats;
using Provenance.Core.Jumbf;
using Provenance.Core.Text;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// Validates the C2PA manifest store embedded in an image (JPEG, PNG, WebP, in memory) or, through
/// <see cref="Validate(Stream)"/>, an ISO BMFF video or audio file (MP4, MOV, M4A, read in place), and reports the spec's status codes and
/// state. Malformed stores and manifests become status codes (<c>general.error</c>, <c>claim.malformed</c>, ...); the
/// only exception is <see cref="InvalidMediaException"/> for bytes that are not a supported image format at all.
/// Thread-safe: the trust configuration is parsed once and every call works on its own state.
/// </summary>
public sealed partial class C2paValidator
{
    private const string StoreUri = C2paLabels.UriPrefix + "/" + C2paLabels.ManifestStore;

    private readonly C2paValidatorOptions _options;
    private readonly AssetHandlerSet _handlers;
    private readonly TrustAnchorSet _anchors;
    private readonly TrustAnchorSet _timeStampAnchors;
    private readonly TrustAnchorSet _identityAnchors;
    private readonly IReadOnlyCollection<string> _ekus;
    private readonly ChainVerdictCache _chainCache = new();

    /// <summary>A validator with the given trust configuration.</summary>
    public C2paValidator(C2paValidatorOptions options)
        : this(options, AssetHandlerSet.Default)
    {
    }

    internal C2paValidator(C2paValidatorOptions options, AssetHandlerSet handlers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _handlers = handlers;
        _anchors = Load(options.TrustAnchorsPem);
        _timeStampAnchors = Load(options.TimeStampAnchorsPem);
        _identityAnchors = Load(options.IdentityAnchorsPem);
        _ekus = options.ClaimSigningEkus ?? CertificateProfile.DefaultClaimSigningEkus;
    }

    /// <summary>
    /// Validates the asset's embedded manifest store, including the hard binding to the asset's bytes. Throws
    /// <see cref="InvalidMediaException"/> only when the bytes are not a JPEG, PNG, WebP, WAV, FLAC or MP3 file, exceed
    /// the size limit, or are an audio container that does not parse.
    /// </summary>
    public C2paValidationResult Validate(ReadOnlySpan<byte> asset)
    {
        _options.MediaLimits.CheckFileSize(asset.Length);
        var handler = _handlers.Resolve(asset);
        if (handler.Kind == MediaKind.Audio)
        {
            // An audio container that does not parse is refused, not judged: c2pa-rs refuses it too ("Invalid RIFF
            // format"), and Verify must give the caller the typed error rather than a manifest verdict.
            handler.ListBlocks(asset);
        }
        byte[]? store;
        ByteRange? range;
        try
        {
            store = handler.ReadManifestStore(asset);
            range = store is null ? null : handler.FindManifestStoreRange(asset);
        }
        catch (InvalidMediaException e)
        {
            return Failed(StatusCodes.GeneralError, "the container holding the manifest store is malformed: " + e.Message);
        }
        if (store is null)
        {
            return WithoutStore(handler, asset);
        }
        return ValidateStore(store, new AssetBinding(asset.ToArray(), range));
    }

    /// <summary>
    /// Validates a manifest store on its own (e.g. one kept by the service): claim, signature, trust, assertions and
    /// ingredients. The hard binding needs the asset and is not checked, so a result here says nothing about
    /// whether some file's bytes match the manifest.
    /// </summary>
    public C2paValidationResult ValidateManifestStore(ReadOnlySpan<byte> manifestStore) => ValidateStore(manifestStore.ToArray(), binding: null);

    private C2paValidationResult ValidateStore(byte[] bytes, AssetBinding? binding)
    {
        ManifestStore store;
        try
        {
            store = ManifestStore.Parse(bytes);
        }
        catch (JumbfFormatException e)
        {
            return Failed(StatusCodes.GeneralError, "the manifest store is not well-formed JUMBF: " + e.Message);
        }
        if (store.ActiveProblem is { } problem)
        {
            return Failed(StatusCodes.ManifestCompressedInvalid, problem);
        }
        if (store.Active is not { } active)
        {
            return Failed(StatusCodes.ClaimMissing, "the manifest store holds no manifest");
        }
        ValidationContext? context = null;
        try
        {
            context = new ValidationContext
            {
                Store = store,
                Anchors = _anchors,
                TimeStampAnchors = _timeStampAnchors,
                IdentityAnchors = _identityAnchors,
                ClaimSigningEkus = _ekus,
                ChainCache = _chainCache,
                RevokedSignerThumbprints = _options.RevokedSignerThumbprints,
                Now = _options.TimeProvider.GetUtcNow(),
                StopAtFirstFailure = _options.StopAtFirstFailure,
            };
            var report = ManifestValidator.Validate(context, active, binding, depth: 0);
            return new C2paValidationResult
            {
                HasManifest = true,
                State = StateOf(report),
                ActiveManifest = report.Log.ToSet(),
                IngredientDeltas = report.IngredientDeltas,
                ActiveManifestLabel = active.Label,
                Summary = SummaryBuilder.Build(report),
                ManifestStoreJsonSource = () => ManifestJson.Store(store),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Every expected malformation has its own code; this keeps an unforeseen one from escaping as a crash.
            return Failed(StatusCodes.GeneralError, $"validation stopped: {e.GetType().Name}: {e.Message}", active.Label);
        }
        finally
        {
            foreach (var owned in context?.Owned ?? [])
            {
                owned.Dispose();
            }
        }
    }

    /// <summary>
    /// The result's state as c2pa-rs derives it: the active manifest's state, lowered by what its ingredients'
    /// manifests yield now but did not record when they were ingested. A hard failure in an ingredient delta makes the
    /// result Invalid; an ingredient signer that is no longer trusted makes a Trusted result Valid.
    /// </summary>
    private static ValidationState StateOf(ManifestReport active)
    {
        var state = active.Log.State();
        foreach (var failure in active.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Failure))
        {
            if (!StatusLog.IsTrustOnly(failure.Code))
            {
                return ValidationState.Invalid;
            }
            if (state == ValidationState.Trusted)
            {
                state = ValidationState.Valid;
            }
        }
        return state;
    }

    private static C2paValidationResult WithoutStore(IAssetHandler handler, ReadOnlySpan<byte> asset)
    {
        string? xmp = null;
        try
        {
            xmp = handler.ReadXmp(asset);
        }
        catch (InvalidMediaException)
        {
            // No readable XMP: no remote reference either.
        }
        return WithoutStore(xmp);
    }

    private static C2paValidationResult WithoutStore(string? xmp)
    {
        var remote = RemoteManifestReference.Find(xmp);
        if (remote is null)
        {
            return new C2paValidationResult { HasManifest = false };
        }
        // The URL is the file's text: shown and logged as an escaped, bounded string, never fetched here.
        remote = LogText.Escape(remote, 2048);
        return new C2paValidationResult
        {
            HasManifest = false,
            RemoteManifestUrl = remote,
            ActiveManifest = new ValidationStatusSet([], [],
                [new ValidationStatus(StatusCodes.ManifestInaccessible, remote, "the asset refers to a remote manifest, which this validator does not fetch")]),
        };
    }

    private static C2paValidationResult Failed(string code, string explanation, string? label = null) => new()
    {
        HasManifest = true,
        State = ValidationState.Invalid,
        ActiveManifestLabel = label,
        // Explanations quote parser messages, which may quote the file.
        ActiveManifest = new ValidationStatusSet([], [], [new ValidationStatus(code, StoreUri, LogText.Escape(explanation, 2048))]),
    };

    private static TrustAnchorSet Load(string? pem) => string.IsNullOrWhiteSpace(pem) ? TrustAnchorSet.Empty : TrustAnchorSet.FromPem(pem);
}
