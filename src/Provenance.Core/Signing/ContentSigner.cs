using System.Security.Cryptography;
using Provenance.Core.C2pa;
using Provenance.Core.Fingerprint;
using Provenance.Core.Formats;
using Provenance.Core.Imaging;
using Provenance.Core.Labeling;
using Provenance.Core.Watermark;

namespace Provenance.Core.Signing;

/// <summary>
/// The Sign pipeline (design.md, data flow): detect the format, decode, embed the watermark, re-encode the same
/// way with the input's metadata, write the AIGC implicit label and IPTC source type into XMP, then build, sign
/// and embed the C2PA manifest. Storing the result is the caller's job (it must be durable before the caller
/// answers). Thread-safe; build one per signing credential and watermark key.
/// </summary>
public sealed partial class ContentSigner
{
    private readonly C2paManifestSigner _manifestSigner;
    private readonly Watermarker _watermarker;
    private readonly MediaLimits _limits;
    private readonly string _signerThumbprint;

    public ContentSigner(C2paSigningCredential credential, Watermarker watermarker, MediaLimits limits)
    {
        _manifestSigner = new C2paManifestSigner(credential);
        _watermarker = watermarker;
        _limits = limits;
        _signerThumbprint = Convert.ToHexStringLower(credential.Certificate.GetCertHash(HashAlgorithmName.SHA256));
    }

    /// <summary>SHA-256 of the signing certificate, lower-case hex: what a signer revocation names.</summary>
    public string SignerThumbprint => _signerThumbprint;

    /// <summary>
    /// Signs <paramref name="media"/>: an image, or an MP4/MOV clip (ContentSigner.Video.cs). Throws
    /// <see cref="InvalidMediaException"/> for input that is not a supported, well-formed image or video within the
    /// limits, or too small to watermark.
    /// </summary>
    public SignedContent Sign(ReadOnlySpan<byte> media, SignInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (IsVideo(media))
        {
            return SignVideo(media, input);
        }
        var handler = AssetHandlers.Open(media, _limits, input.DeclaredMimeType);
        var metadata = handler.ReadMetadata(media);
        using var decoded = LumaDecodedImage.Decode(media, _limits);
        if (decoded.Warning is { } warning)
        {
            // The codec filled in what it could not read (e.g. a file cut off mid-scan). Signing would vouch for
            // pixels nobody generated, so a damaged input is refused rather than repaired.
            throw new InvalidMediaException(MediaError.Truncated, "The image is damaged: " + warning);
        }
        // Luma is all the watermark and the fingerprint touch: a JPEG stays in its Y/Cb/Cr planes throughout.
        var embedding = _watermarker.Embed(decoded.Luma, input.WatermarkId);
        var fingerprint = PerceptualFingerprint.Compute(decoded.Luma).ToBytes();

        var manifestId = C2paManifestSigner.NewManifestLabel();
        var label = new AigcLabel
        {
            Label = AigcLabel.AiGenerated,
            ContentProducer = input.Generator.ContentProducer,
            ProduceId = manifestId,
        };
        metadata = metadata with { Xmp = AigcMetadata.Write(metadata.Xmp, label, DigitalSourceTypes.TrainedAlgorithmicMedia) };
        var encoded = decoded.Encode(metadata);

        var signed = _manifestSigner.Sign(encoded, new C2paSigningRequest
        {
            Generator = input.Generator,
            ModelName = input.ModelName,
            ModelVersion = input.ModelVersion,
            Title = input.Title,
            WatermarkId = input.WatermarkId,
            ManifestLabel = manifestId,
            AigcLabelJson = label.ToJson(),
        });
        return new SignedContent(
            signed.Bytes,
            handler.Format,
            handler.MimeType,
            signed.ManifestLabel,
            input.WatermarkId,
            Convert.ToHexStringLower(SHA256.HashData(signed.Bytes)),
            fingerprint,
            signed.ManifestStore,
            signed.ManifestJson,
            embedding.PsnrDb,
            _signerThumbprint);
    }
}
