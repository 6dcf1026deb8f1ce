using System.Security.Cryptography;
using Provenance.Core.C2pa;
using Provenance.Core.Fingerprint;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Labeling;
using Provenance.Core.Video;

namespace Provenance.Core.Signing;

/// <summary>
/// The Sign pipeline for MP4 and MOV: the frame watermark and the BMFF-bound manifest of <see cref="VideoSigner"/>,
/// with the same label, IDs and record fields as an image. Work happens on temporary files, so memory is bounded by
/// the caller's buffer (a unary call's media) and never by the clip.
/// </summary>
public sealed partial class ContentSigner
{
    /// <summary>
    /// Signs a clip held in memory: spooled to a temporary file, signed by <see cref="SignVideoFile"/>, read back.
    /// The size is checked against <see cref="MediaLimits.MaxVideoBytes"/> before anything is written.
    /// </summary>
    public SignedContent SignVideo(ReadOnlySpan<byte> media, SignInput input)
    {
        _limits.CheckVideoSize(media.Length);
        var format = VideoFormatOf(media, input.DeclaredMimeType);
        var directory = Directory.CreateTempSubdirectory("provenance-sign-");
        try
        {
            var source = Path.Combine(directory.FullName, "input" + Extension(format));
            using (var spool = new FileStream(source, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                spool.Write(media);
            }
            var target = Path.Combine(directory.FullName, "signed" + Extension(format));
            var signed = SignVideoFile(source, target, input);
            return signed with { Bytes = File.ReadAllBytes(target) };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Signs the clip at <paramref name="inputPath"/> into <paramref name="outputPath"/> (same container; the output's
    /// extension picks MP4 or MOV). The result's <see cref="SignedContent.Bytes"/> is empty: the signed file is at
    /// <paramref name="outputPath"/>. The record's fingerprint is the signed clip's <see cref="ClipFingerprint"/>, taken
    /// from the output so that it describes the frames that leave the service (one extra decode at thumbnail output),
    /// combined with the marked audio track's <see cref="AudioFingerprint"/> when the track carries the mark too.
    /// </summary>
    public SignedContent SignVideoFile(string inputPath, string outputPath, SignInput input, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        _limits.CheckVideoSize(new FileInfo(inputPath).Length);
        Span<byte> header = stackalloc byte[AssetHandlers.SignatureLength];
        int read;
        using (var probe = File.OpenRead(inputPath))
        {
            read = probe.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        var format = VideoFormatOf(header[..read], input.DeclaredMimeType);

        var manifestId = C2paManifestSigner.NewManifestLabel();
        var label = new AigcLabel
        {
            Label = AigcLabel.AiGenerated,
            ContentProducer = input.Generator.ContentProducer,
            ProduceId = manifestId,
        };
        var result = new VideoSigner(_manifestSigner, _watermarker, _limits, _audioWatermark).Sign(inputPath, outputPath, new C2paSigningRequest
        {
            Generator = input.Generator,
            ModelName = input.ModelName,
            ModelVersion = input.ModelVersion,
            Title = input.Title,
            WatermarkId = input.WatermarkId,
            ManifestLabel = manifestId,
            AigcLabelJson = label.ToJson(),
        }, progress, input.ExplicitLabel);
        string hash;
        using (var signed = File.OpenRead(outputPath))
        {
            hash = Convert.ToHexStringLower(SHA256.HashData(signed));
        }
        var fingerprint = ClipSampler.Fingerprint(outputPath, VideoProbe.Probe(outputPath, _limits)).ToBytes();
        if (result.AudioFingerprint is { } audio)
        {
            fingerprint = CombinedFingerprint.Combine(fingerprint, audio.ToBytes());
        }
        return new SignedContent(
            [],
            format.Format,
            format.MimeType,
            result.Manifest.ManifestLabel,
            input.WatermarkId,
            hash,
            fingerprint,
            result.Manifest.ManifestStore,
            result.Manifest.ManifestJson,
            result.Mark.MeanLumaPsnrDb,
            _signerThumbprint)
        {
            WatermarkOmittedReason = result.WatermarkOmittedReason,
            ExplicitLabel = result.Mark.Label,
            AudioTrackWatermarked = result.AudioFingerprint is not null,
            AudioTrackWatermarkOmittedReason = result.AudioOmittedReason,
        };
    }

    private static BmffFormat VideoFormatOf(ReadOnlySpan<byte> header, string? declaredMimeType)
    {
        if (AssetHandlers.DetectFormat(header) is not BmffFormat { Kind: MediaKind.Video } format)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat, $"The file is not a {AssetHandlers.Describe(MediaKind.Video)} video.");
        }
        AssetHandlers.CheckDeclared(format, declaredMimeType);
        return format;
    }

    private static string Extension(BmffFormat format) => format == BmffFormat.Mov ? ".mov" : ".mp4";
}
