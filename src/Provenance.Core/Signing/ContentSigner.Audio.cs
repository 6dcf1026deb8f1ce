using System.Security.Cryptography;
using Provenance.Core.Audio;
using Provenance.Core.Audio.Labeling;
using Provenance.Core.C2pa;
using Provenance.Core.Diagnostics;
using Provenance.Core.Fingerprint;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Labeling;
using Provenance.Core.Labeling.Explicit;

namespace Provenance.Core.Signing;

/// <summary>
/// The Sign pipeline for audio (WAV, MP3, FLAC, M4A): the AIGC label in the format's metadata (XMP, plus the ID3
/// TXXX "AIGC" text in MP3 and FLAC) and a C2PA manifest bound to the file (<c>c2pa.hash.data</c> around the C2PA
/// chunk or GEOB object; <c>c2pa.hash.bmff.v3</c> for M4A). With neither an audible label asked for nor an
/// <see cref="IAudioWatermark"/> configured (a Core caller may pass none; the service configures one) the samples
/// are not touched, so sample rate, channels, codec and bit rate are the input's by construction, and the result
/// says the watermark was omitted
/// and why (in the response and in the manifest's c2pa.created description). With either, the samples are decoded,
/// the label put before them, the whole marked, and re-encoded with the input's settings.
/// See docs/audio.md and docs/explicit-labels.md ("Audio").
/// </summary>
public sealed partial class ContentSigner
{
    /// <summary>What every audio Sign result says when no audio watermark scheme is configured.</summary>
    public const string AudioWatermarkUnavailable =
        "no audio watermark: this service has no audio watermark scheme configured; the file carries the signed manifest and the AIGC label only";

    /// <summary>
    /// Signs an audio file held in memory (its size checked against <see cref="MediaLimits.MaxFileBytes"/>), with the
    /// audible label of <see cref="SignInput.AudibleLabel"/> played first when one is asked for. Throws
    /// <see cref="InvalidMediaException"/> for input that is not well-formed audio within the limits, or that asks
    /// for a visible label alone, and <see cref="SpeechSynthesizerUnavailableException"/> when a spoken notice is
    /// asked for and espeak-ng is not installed.
    /// </summary>
    public SignedContent SignAudio(ReadOnlySpan<byte> media, SignInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _limits.CheckFileSize(media.Length);
        if (AssetHandlers.DetectFormat(media) is not { Kind: MediaKind.Audio } format)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat, $"The file is not a {AssetHandlers.Describe(MediaKind.Audio)} file.");
        }
        AssetHandlers.CheckDeclared(format, input.DeclaredMimeType);
        // The service asks for both from one option (position for pictures, audio kind for sound); a Core caller
        // that asks only for a picture's label would otherwise get no label at all without being told.
        if (input.ExplicitLabel is not null && input.AudibleLabel is null)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat,
                "A visible label cannot be drawn on audio; ask for an audible label (the rhythm prompt or a spoken notice) instead.");
        }

        var manifestId = C2paManifestSigner.NewManifestLabel();
        var label = new AigcLabel
        {
            Label = AigcLabel.AiGenerated,
            ContentProducer = input.Generator.ContentProducer,
            ProduceId = manifestId,
        };
        var (content, omitted, snr, played, fingerprint) = input.AudibleLabel is null && _audioWatermark is null
            ? (media.ToArray(), AudioWatermarkUnavailable, 0.0, null, [])
            : LabelAndMark(media, format, input);
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
            AudibleLabel = played,
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
            fingerprint,
            manifest.ManifestStore,
            manifest.ManifestJson,
            snr,
            _signerThumbprint)
        {
            WatermarkOmittedReason = omitted,
            AudibleLabel = played,
        };
    }

    /// <summary>
    /// Decodes the samples, puts the audible label before them when one is asked for (rendered at the input's rate
    /// and channel count), marks the whole when a scheme is configured and can, and re-encodes the result with the
    /// input's codec, sample format, rate, channels and bit rate (<see cref="MarkedAudioEncoder"/>); the input's tags
    /// and cover art are copied by the encoder and its XMP carried over. The label goes in first so that
    /// the mark covers it and the manifest's hard binding covers what is heard. The mark is read back from the
    /// encoded sound as it is encoded: a low bit rate can take it away, and a file is better signed unmarked than
    /// claimed marked. When
    /// nothing is left changed (no label, no mark), the input is kept as it is and the reason returned. The
    /// fingerprint is the marked sound's (<see cref="AudioFingerprint"/>), empty when unmarked.
    /// </summary>
    private (byte[] Media, string? Omitted, double SnrDb, PlayedLabel? Played, byte[] Fingerprint) LabelAndMark(
        ReadOnlySpan<byte> media, IMediaFormat format, SignInput input)
    {
        var directory = Directory.CreateTempSubdirectory("provenance-sign-");
        try
        {
            var source = Path.Combine(directory.FullName, "input");
            File.WriteAllBytes(source, media);
            AudioStreamInfo info;
            PcmAudio audio;
            using (PipelineStages.Start(PipelineStages.Sign, PipelineStages.Decode))
            {
                (info, audio) = ProbeAndDecode(source, media, format.Format);
            }
            PlayedLabel? played = null;
            if (input.AudibleLabel is { } audible)
            {
                using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.Label);
                var rendered = AudibleLabelRenderer.Render(audible, info.SampleRate, info.Channels);
                audio = AudibleLabelRenderer.Prepend(rendered, audio);
                played = rendered.Played();
            }
            string? omitted = _audioWatermark is null ? AudioWatermarkUnavailable
                : _audioWatermark.CannotEmbed(audio) is { } reason ? "no audio watermark: " + reason
                : null;
            if (played is null && omitted is not null)
            {
                // Nothing changed the samples: a re-encode would only cost quality.
                return (media.ToArray(), omitted, 0, null, []);
            }
            var target = Path.Combine(directory.FullName, "encoded");
            double snr;
            bool readBack;
            byte[] fingerprint;
            using (var encoding = AudioEncoding.Start(info, format.Format, audio.SampleRate, audio.Channels, target, readBack: omitted is null, source))
            {
                AudioMarking? marking = null;
                if (omitted is null)
                {
                    using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.WatermarkEmbed);
                    marking = _audioWatermark!.StartEmbed(audio, input.WatermarkId);
                }
                (snr, readBack, fingerprint) = MarkedAudioEncoder.Encode(encoding, audio, marking, _audioWatermark, input.WatermarkId);
            }
            if (omitted is null && !readBack)
            {
                var lost = $"no audio watermark: the mark did not read back from the re-encoded {info.Codec} audio{BitRateText(info.BitRate)}; the file carries the signed manifest and the AIGC label only";
                if (played is null)
                {
                    return (media.ToArray(), lost, 0, null, []);
                }
                (omitted, snr, fingerprint) = (lost, 0, []);
            }
            var encoded = File.ReadAllBytes(target);
            if (format is IAssetHandler handler && handler.ReadXmp(media) is { } xmp)
            {
                encoded = handler.WriteXmp(encoded, xmp);
            }
            return (encoded, omitted, snr, played, fingerprint);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The stream's settings (ffprobe) and its samples at its own rate and channel count. The decode needs only the
    /// rate and channel count, which the file's own header declares (<see cref="AudioHeaders"/>), so where it does
    /// ffprobe runs beside the decode instead of before it: one process start less on Sign's path. ffprobe still has
    /// the last word: its errors come first, as they would in sequence, and when it reads another rate or channel count
    /// (HE-AAC's declared rate is half the decoded one), or the decode on the header's figures failed, the file is
    /// decoded again with ffprobe's.
    /// </summary>
    private (AudioStreamInfo Info, PcmAudio Audio) ProbeAndDecode(string source, ReadOnlySpan<byte> media, AssetFormat format)
    {
        if (AudioHeaders.Read(media, format) is not { Channels: { } channels } header)
        {
            var probed = AudioReencoder.Probe(source, _limits);
            return (probed, AudioReencoder.Decode(source, probed, _limits));
        }
        var probing = Task.Run(() => AudioReencoder.Probe(source, _limits));
        PcmAudio? decoded = null;
        try
        {
            decoded = AudioReencoder.Decode(source, header.SampleRate, channels, header.DurationSeconds, _limits);
        }
        catch (InvalidMediaException)
        {
            // Decoded again below with what ffprobe reads, or refused with ffprobe's error.
        }
        var info = probing.GetAwaiter().GetResult();
        return decoded is not null && info.SampleRate == decoded.SampleRate && info.Channels == decoded.Channels
            ? (info, decoded)
            : (info, AudioReencoder.Decode(source, info, _limits));
    }

    private static string BitRateText(long? bitRate) => bitRate is { } b ? $" at {b / 1000} kbit/s" : "";

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
