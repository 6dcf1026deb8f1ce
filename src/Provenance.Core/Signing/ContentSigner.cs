using System.Security.Cryptography;
using Provenance.Core.C2pa;
using Provenance.Core.Cose;
using Provenance.Core.Diagnostics;
using Provenance.Core.Fingerprint;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Jpeg;
using Provenance.Core.Labeling;
using Provenance.Core.Labeling.Explicit;
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
    private readonly Audio.IAudioWatermark? _audioWatermark;

    public ContentSigner(C2paSigningCredential credential, Watermarker watermarker, MediaLimits limits)
        : this(credential, watermarker, limits, audioWatermark: null)
    {
    }

    /// <param name="audioWatermark">The audio watermark scheme, or null to sign audio without one (said in every result).</param>
    public ContentSigner(C2paSigningCredential credential, Watermarker watermarker, MediaLimits limits, Audio.IAudioWatermark? audioWatermark)
    {
        _manifestSigner = new C2paManifestSigner(credential);
        _watermarker = watermarker;
        _limits = limits;
        _audioWatermark = audioWatermark;
        _signerThumbprint = Convert.ToHexStringLower(credential.Certificate.GetCertHash(HashAlgorithmName.SHA256));
    }

    /// <summary>SHA-256 of the signing certificate, lower-case hex: what a signer revocation names.</summary>
    public string SignerThumbprint => _signerThumbprint;

    /// <summary>
    /// Images with a shorter side below this are refused: a manifest and a label need no size, but under 64 px
    /// there is nothing a person could recognise, and no perceptual fingerprint worth storing.
    /// </summary>
    public const int MinShortSide = 64;

    /// <summary>
    /// Under this shorter side the mark is read back from the encoded file before it is vouched for: a few tiles
    /// leave little margin, and a file whose mark does not read is better signed unmarked than claimed marked.
    /// Above it the tiles are many and the check would only cost a detection.
    /// </summary>
    public const int ReadBackBelowShortSide = 512;

    /// <summary>What Sign answers for a file in none of the formats it writes (Verify reads more: any audio ffmpeg decodes).</summary>
    internal static string UnsignableFormatMessage { get; } =
        $"The file is in none of the formats Sign takes: {AssetHandlers.Describe(MediaKind.Image)} images, " +
        $"{AssetHandlers.Describe(MediaKind.Video)} video, {AssetHandlers.Describe(MediaKind.Audio)} audio.";

    /// <summary>
    /// Signs <paramref name="media"/>: an image, or an MP4/MOV clip (ContentSigner.Video.cs). Throws <see cref="InvalidMediaException"/> for input that is not a supported,
    /// well-formed image within the limits, whose shorter side is under <see cref="MinShortSide"/>, or too small to
    /// carry the requested explicit label; <see cref="InvalidLabelException"/> for a label text the font cannot
    /// draw; and <see cref="LabelFontUnavailableException"/> when a label is asked for and the font is not
    /// installed. An image too small to watermark, or whose mark does not read back, is signed without a watermark,
    /// and <see cref="SignedContent.WatermarkOmittedReason"/> says why; so is a clip too small or odd-sized to mark
    /// (<see cref="Video.VideoWatermarker.Unmarkable"/>), whose bytes are then kept as they are.
    /// </summary>
    public SignedContent Sign(ReadOnlySpan<byte> media, SignInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (MediaSniffer.IsVideo(media))
        {
            return SignVideo(media, input);
        }
        BmffFormat.ThrowIfImage(media);
        switch (AssetHandlers.DetectFormat(media))
        {
            case { Kind: MediaKind.Audio }:
                return SignAudio(media, input);
            case null:
                // Not left to the image path, whose "not a JPEG, PNG or WebP image" misleads the sender of an Ogg file.
                throw new InvalidMediaException(MediaError.UnsupportedFormat, UnsignableFormatMessage);
        }
        IAssetHandler handler;
        AssetMetadata metadata;
        LumaDecodedImage decoded;
        using (PipelineStages.Start(PipelineStages.Sign, PipelineStages.Decode))
        {
            handler = AssetHandlers.Open(media, _limits, input.DeclaredMimeType);
            metadata = handler.ReadMetadata(media);
            decoded = Decode(media);
        }
        try
        {
            int width = decoded.Luma.Width;
            int height = decoded.Luma.Height;
            if (Math.Min(width, height) < MinShortSide)
            {
                throw new InvalidMediaException(MediaError.TooSmall,
                    $"Image {width}x{height} is too small to sign: the shorter side must be at least {MinShortSide} pixels.");
            }
            return Sign(media, input, handler, metadata, ref decoded);
        }
        finally
        {
            decoded.Dispose();
        }
    }

    private SignedContent Sign(ReadOnlySpan<byte> media, SignInput input, IAssetHandler handler, AssetMetadata metadata, ref LumaDecodedImage decoded)
    {
        int shortSide = Math.Min(decoded.Luma.Width, decoded.Luma.Height);
        // The visible label goes on first, so that the watermark is embedded over it (and still reads from the
        // labelled image) and the fingerprint and the hard binding cover the pixels as delivered. It is placed on
        // the image as viewers show it, which the EXIF orientation (kept in the output) may turn. (Read only for a
        // label: parsing the EXIF is a tenth of a millisecond nothing else needs.)
        var orientation = input.ExplicitLabel is null ? ExifOrientation.Normal : ExifOrientation.Read(metadata.Exif);
        DrawnLabel? drawn = null;
        if (input.ExplicitLabel is { } explicitLabel)
        {
            using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.Label);
            drawn = DrawnLabel.From(LabelCompositor.Apply(decoded, explicitLabel, orientation));
        }
        var manifestId = C2paManifestSigner.NewManifestLabel();
        var label = new AigcLabel
        {
            Label = AigcLabel.AiGenerated,
            ContentProducer = input.Generator.ContentProducer,
            ProduceId = manifestId,
        };
        string? inputXmp = metadata.Xmp;
        metadata = metadata with { Xmp = AigcMetadata.Write(metadata.Xmp, label, DigitalSourceTypes.TrainedAlgorithmicMedia) };

        string? omitted = null;
        double psnr = 0;
        byte[] encoded;
        if (shortSide < Watermarker.MinShortSide)
        {
            omitted = $"no invisible watermark: the shorter side of the image is {shortSide} pixels, under the {Watermarker.MinShortSide} the watermark needs";
            encoded = Encode(decoded, metadata, media.Length);
        }
        else
        {
            // Luma is all the watermark and the fingerprint touch: a JPEG stays in its Y/Cb/Cr planes throughout.
            // A JPEG marked in its planes is encoded within a byte budget: where the re-encode would grow the file
            // beyond it, the mark is kept out of the coefficients the input quantised to zero (JpegMarkShaper), and
            // the PSNR is the shaped image's.
            // Not under a visible label: the shaper gives a flat block's mark energy to the coefficients the block
            // codes, which on the label's plate are the text's edges, and Tesseract once misread a shaped label
            // (baboon.jpg, 512 px, in ExplicitLabelPipelineTests). A labelled file may grow past the budget instead.
            using var shaper = decoded.Planes is { } planes && drawn is null ? JpegMarkShaper.Capture(planes) : null;
            using (PipelineStages.Start(PipelineStages.Sign, PipelineStages.WatermarkEmbed))
            {
                psnr = _watermarker.Embed(decoded.Luma, input.WatermarkId).PsnrDb;
            }
            if (shaper is null)
            {
                encoded = Encode(decoded, metadata, media.Length);
            }
            else
            {
                var marked = decoded; // a lambda can capture neither the ref parameter nor the span
                long inputBytes = media.Length;
                encoded = shaper.EncodeWithinBudget(inputBytes, JpegQualityEstimator.LuminanceTable(decoded.SourceSettings.Quality),
                    shaped => Encode(marked, metadata, shaped ? null : inputBytes), out psnr, XmpBytes(metadata.Xmp) - XmpBytes(inputXmp));
            }
            if (shortSide < ReadBackBelowShortSide && !ReadsBack(encoded, input.WatermarkId))
            {
                omitted = "no invisible watermark: the mark did not read back from the encoded image";
                psnr = 0;
                // The pixels were marked in place: start again from the input's own.
                var unmarked = Decode(media);
                decoded.Dispose();
                decoded = unmarked;
                if (input.ExplicitLabel is { } again)
                {
                    LabelCompositor.Apply(decoded, again, orientation);
                }
                encoded = Encode(decoded, metadata, media.Length);
            }
        }
        byte[] fingerprint;
        using (PipelineStages.Start(PipelineStages.Sign, PipelineStages.Fingerprint))
        {
            fingerprint = PerceptualFingerprint.Compute(decoded.Luma).ToBytes();
        }

        using var manifestStage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.ManifestBuild);
        var signed = _manifestSigner.Sign(encoded, new C2paSigningRequest
        {
            Generator = input.Generator,
            ModelName = input.ModelName,
            ModelVersion = input.ModelVersion,
            Title = input.Title,
            WatermarkId = omitted is null ? input.WatermarkId : null,
            CreatedDescription = omitted,
            ManifestLabel = manifestId,
            AigcLabelJson = label.ToJson(),
            ExplicitLabel = drawn,
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
            psnr,
            _signerThumbprint)
        {
            WatermarkOmittedReason = omitted,
            ExplicitLabel = drawn,
        };
    }

    // The XMP's share of a file: its UTF-8 and, when present, the APP1 segment's marker, length and namespace (33 bytes).
    private static long XmpBytes(string? xmp) => xmp is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(xmp) + 33;

    // A JPEG that would grow beyond the median target is coded in whichever progression is smaller
    // (SignedJpegProgression). Not one whose mark was shaped (inputBytes null): the shaper already holds it under its
    // budget, above the median either way, so the transcode would cost CPU without moving the median.
    private static byte[] Encode(LumaDecodedImage decoded, AssetMetadata metadata, long? inputBytes)
    {
        using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.Encode);
        return decoded.Encode(metadata, inputBytes is { } bytes ? SignedJpegProgression.TranscodeAbove(bytes) : null);
    }

    // A damaged input is refused rather than repaired: signing would vouch for pixels nobody generated. The same
    // call as Verify's, so both give the same error for the same file.
    private LumaDecodedImage Decode(ReadOnlySpan<byte> media) => LumaDecodedImage.DecodeIntact(media, _limits);

    /// <summary>Whether a verifier decoding <paramref name="encoded"/> finds exactly <paramref name="id"/>.</summary>
    private bool ReadsBack(byte[] encoded, ulong id)
    {
        using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.WatermarkDetect);
        using var back = LumaDecodedImage.Decode(encoded, _limits);
        var found = _watermarker.Detect(back.Luma);
        return found.Detected && found.Id == id;
    }
}
