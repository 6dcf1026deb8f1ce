using System.Security.Cryptography;
using Provenance.Core.Audio;
using Provenance.Core.C2pa;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Labeling;

namespace Provenance.Core.Signing;

/// <summary>
/// The Sign pipeline for audio (WAV, MP3, FLAC, M4A): the AIGC label in the format's metadata (XMP, plus the ID3
/// TXXX "AIGC" text in MP3 and FLAC) and a C2PA manifest bound to the file (<c>c2pa.hash.data</c> around the C2PA
/// chunk or GEOB object; <c>c2pa.hash.bmff.v3</c> for M4A). With no <see cref="IAudioWatermark"/> configured (the
/// service configures none yet) the samples are not touched, so sample rate, channels, codec and bit rate are the
/// input's by construction, and the result says the watermark was omitted and why (in the response and in the
/// manifest's c2pa.created description). With one, the marked samples are re-encoded with the input's settings.
/// See docs/audio.md.
/// </summary>
public sealed partial class ContentSigner
{
    /// <summary>What every audio Sign result says when no audio watermark scheme is configured.</summary>
    public const string AudioWatermarkUnavailable =
        "no audio watermark: this service has no audio watermark scheme configured; the file carries the signed manifest and the AIGC label only";

    /// <summary>Signs an audio file held in memory (its size checked against <see cref="MediaLimits.MaxFileBytes"/>).</summary>
    public SignedContent SignAudio(ReadOnlySpan<byte> media, SignInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _limits.CheckFileSize(media.Length);
        if (AssetHandlers.DetectFormat(media) is not { Kind: MediaKind.Audio } format)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat, $"The file is not a {AssetHandlers.Describe(MediaKind.Audio)} file.");
        }
        AssetHandlers.CheckDeclared(format, input.DeclaredMimeType);
        if (input.ExplicitLabel is not null)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat, "An audible AI label cannot be added to audio yet; sign it without an explicit label.");
        }

        var manifestId = C2paManifestSigner.NewManifestLabel();
        var label = new AigcLabel
        {
            Label = AigcLabel.AiGenerated,
            ContentProducer = input.Generator.ContentProducer,
            ProduceId = manifestId,
        };
        var (content, omitted, snr) = _audioWatermark is null
            ? (media.ToArray(), AudioWatermarkUnavailable, 0.0)
            : Watermark(_audioWatermark, media, format, input.WatermarkId);
        var request = new C2paSigningRequest
        {
            Generator = input.Generator,
            ModelName = input.ModelName,
            ModelVersion = input.ModelVersion,
            Title = input.Title,
            WatermarkId = omitted is null ? input.WatermarkId : null,
            CreatedDescription = omitted,
            ManifestLabel = manifestId,
            AigcLabelJson = label.ToJson(),
        };
        var (bytes, manifest) = format is BmffFormat
            ? SignM4a(content, request)
            : SignInMemory((IAssetHandler)format, content, label, request);
        return new SignedContent(
            bytes,
            format.Format,
            format.MimeType,
            manifest.ManifestLabel,
            input.WatermarkId,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            [],
            manifest.ManifestStore,
            manifest.ManifestJson,
            snr,
            _signerThumbprint)
        {
            WatermarkOmittedReason = omitted,
        };
    }

    /// <summary>
    /// Decodes the samples, marks them, and re-encodes them with the input's codec, sample format, rate, channels and
    /// bit rate (<see cref="AudioReencoder"/>); the input's XMP is carried over (other tags are not: the re-encode
    /// writes a fresh container). When the scheme cannot mark this audio, the input is kept and the reason returned.
    /// </summary>
    private (byte[] Media, string? Omitted, double SnrDb) Watermark(IAudioWatermark scheme, ReadOnlySpan<byte> media, IMediaFormat format, ulong id)
    {
        var directory = Directory.CreateTempSubdirectory("provenance-sign-");
        try
        {
            var source = Path.Combine(directory.FullName, "input");
            File.WriteAllBytes(source, media);
            var info = AudioReencoder.Probe(source, _limits);
            var audio = AudioReencoder.Decode(source, info, _limits);
            if (scheme.CannotEmbed(audio) is { } reason)
            {
                return (media.ToArray(), "no audio watermark: " + reason, 0);
            }
            var snr = scheme.Embed(audio, id);
            var target = Path.Combine(directory.FullName, "marked");
            AudioReencoder.Encode(audio, info, format.Format, target);
            var marked = File.ReadAllBytes(target);
            if (format is IAssetHandler handler && handler.ReadXmp(media) is { } xmp)
            {
                marked = handler.WriteXmp(marked, xmp);
            }
            return (marked, null, snr);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>WAV, MP3, FLAC: label into the container's metadata, then the data-hash manifest.</summary>
    private (byte[] Bytes, (string ManifestLabel, byte[] ManifestStore, string ManifestJson) Manifest) SignInMemory(
        IAssetHandler handler, ReadOnlySpan<byte> media, AigcLabel label, C2paSigningRequest request)
    {
        handler.ListBlocks(media); // a container that does not parse is refused before any work
        var labelled = handler.WriteXmp(media, AigcMetadata.Write(handler.ReadXmp(media), label, DigitalSourceTypes.TrainedAlgorithmicMedia));
        if (handler is IAigcTextCarrier text)
        {
            labelled = text.WriteAigcText(labelled, label.ToJson());
        }
        var signed = _manifestSigner.Sign(labelled, request);
        return (signed.Bytes, (signed.ManifestLabel, signed.ManifestStore, signed.ManifestJson));
    }

    /// <summary>M4A: the BMFF stream signer (XMP uuid box with the label, <c>c2pa.hash.bmff.v3</c>), through temporary files.</summary>
    private (byte[] Bytes, (string ManifestLabel, byte[] ManifestStore, string ManifestJson) Manifest) SignM4a(ReadOnlySpan<byte> media, C2paSigningRequest request)
    {
        var directory = Directory.CreateTempSubdirectory("provenance-sign-");
        try
        {
            var source = Path.Combine(directory.FullName, "input.m4a");
            File.WriteAllBytes(source, media);
            var target = Path.Combine(directory.FullName, "signed.m4a");
            C2paSignedStream signed;
            using (var input = File.OpenRead(source))
            using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                signed = _manifestSigner.SignStream(input, output, request, _limits);
            }
            return (File.ReadAllBytes(target), (signed.ManifestLabel, signed.ManifestStore, signed.ManifestJson));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
