using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats;
using Provenance.Core.Labeling;
using Provenance.Core.Signing;
using Provenance.Core.Tests.C2pa;
using Provenance.Core.Tests.C2pa.Interop;
using Provenance.Core.Tests.Pipeline;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;

namespace Provenance.Core.Tests.Formats.Audio;

/// <summary>
/// Every corpus file in every audio format (<see cref="AudioCorpusFiles"/>), signed through the product's Sign path
/// (<see cref="ContentSigner"/>): our validator and both c2pa-rs builds call every one Trusted with no failure; the
/// coded audio, codec, rate, channels and bit rate are the input's; the AIGC label is in the metadata; the watermark is
/// reported omitted; a changed sample breaks the binding.
/// </summary>
public sealed class AudioSigningTests : IClassFixture<AudioSigningTests.SignedAudio>
{
    private readonly SignedAudio _audio;

    public AudioSigningTests(SignedAudio audio) => _audio = audio;

    [Fact]
    public void Every_format_of_every_corpus_file_was_signed()
    {
        // 6 corpus files x 4 formats, and the 3 voice clips as 24-bit and float WAV.
        Assert.Equal(30, _audio.Signed.Count);
        Assert.Equal(["FLAC", "M4A", "MP3", "WAV"], _audio.Signed.Select(s => s.Result.Format.ToString().ToUpperInvariant()).Distinct().Order());
    }

    [Fact]
    public async Task Every_signed_file_is_trusted_by_our_validator()
    {
        var verifier = _audio.Pipeline.Verifier;
        foreach (var s in _audio.Signed)
        {
            var outcome = await verifier.VerifyAsync(File.ReadAllBytes(s.Path), null, false, null, CancellationToken.None);
            Assert.True(outcome.Embedded.State == ValidationState.Trusted && !outcome.Embedded.FailureCodes.Any(),
                $"{Path.GetFileName(s.Path)}: {outcome.Embedded.State} [{string.Join(",", outcome.Embedded.FailureCodes)}]");
            Assert.Equal(Verdict.Verified, outcome.Decision.Verdict);
            Assert.Equal(AigcLabel.AiGenerated, outcome.Decision.Label);
        }
    }

    [Fact]
    public void Every_signed_file_is_trusted_by_both_reference_validators()
    {
        var verdicts = ReferenceValidators.Validate(_audio.Signed.Select(s => s.Path).ToList(), C2paTestKit.KeysExample("trust-anchors.pem"));
        Assert.Equal(2 * _audio.Signed.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.State == "Trusted" && v.Failures.Count == 0,
            $"{v.File} {v.Validator}: {v.State ?? v.Error} [{string.Join(",", v.Failures)}]"));
    }

    [Fact]
    public void The_packets_codec_rate_channels_and_bit_rate_are_the_inputs()
    {
        // Every variant of one voice clip and one piece of music (10 files): ffmpeg runs 4 times per file, which is
        // what makes this slow, and the other files differ from these only in their samples.
        var sample = _audio.Signed.Where(s => Path.GetFileName(s.Input).StartsWith("Front_Center.", StringComparison.Ordinal)
            || Path.GetFileName(s.Input).StartsWith("elf-land.", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, sample.Count);
        Assert.All(sample, s =>
        {
            Assert.Equal(AudioCorpusFiles.PacketMd5s(s.Input), AudioCorpusFiles.PacketMd5s(s.Path));
            Assert.Equal(AudioCorpusFiles.StreamFacts(s.Input), AudioCorpusFiles.StreamFacts(s.Path));
        });
    }

    [Fact]
    public void The_label_is_in_the_metadata_and_the_watermark_is_reported_omitted()
    {
        Assert.All(_audio.Signed, s =>
        {
            Assert.Equal(ContentSigner.AudioWatermarkUnavailable, s.Result.WatermarkOmittedReason);
            Assert.False(s.Result.Watermarked);
            Assert.Contains(ContentSigner.AudioWatermarkUnavailable, s.Result.ManifestJson);
            Assert.DoesNotContain("c2pa.watermarked", s.Result.ManifestJson);
            Assert.DoesNotContain("c2pa.soft-binding", s.Result.ManifestJson);
        });
        foreach (var s in _audio.Signed.Where(s => s.Result.Format != AssetFormat.M4a))
        {
            var bytes = File.ReadAllBytes(s.Path);
            var handler = AssetHandlers.Audio.Single(h => h.Format == s.Result.Format);
            var (label, sourceType) = AigcMetadata.Read(handler.ReadXmp(bytes));
            Assert.Equal(s.Result.ManifestId, label?.ProduceId);
            Assert.Equal(DigitalSourceTypes.TrainedAlgorithmicMedia, sourceType);
            if (handler is IAigcTextCarrier text)
            {
                Assert.Equal(AigcLabel.TryParse(text.ReadAigcText(bytes))?.ProduceId, s.Result.ManifestId);
            }
        }
    }

    [Theory]
    [InlineData(AssetFormat.Wav)]
    [InlineData(AssetFormat.Mp3)]
    [InlineData(AssetFormat.Flac)]
    [InlineData(AssetFormat.M4a)]
    public async Task A_changed_sample_byte_is_a_hash_mismatch(AssetFormat format)
    {
        var signed = _audio.Signed.First(s => s.Result.Format == format);
        var bytes = File.ReadAllBytes(signed.Path);
        bytes[bytes.Length * 3 / 5] ^= 0x10; // past any tag, inside the audio (the C2PA chunk is last in a WAV but small)
        var outcome = await _audio.Pipeline.Verifier.VerifyAsync(bytes, null, false, null, CancellationToken.None);
        Assert.Equal(ValidationState.Invalid, outcome.Embedded.State);
        Assert.Contains(format == AssetFormat.M4a ? StatusCodes.AssertionBmffHashMismatch : StatusCodes.AssertionDataHashMismatch,
            outcome.Embedded.FailureCodes);
        Assert.Equal(Verdict.Tampered, outcome.Decision.Verdict);
    }

    [Fact]
    public async Task An_unsigned_file_is_missing_and_says_the_watermark_was_not_checked()
    {
        var input = _audio.Signed.First(s => s.Result.Format == AssetFormat.Mp3).Input;
        var outcome = await _audio.Pipeline.Verifier.VerifyAsync(File.ReadAllBytes(input), null, false, null, CancellationToken.None);
        Assert.Equal(Verdict.Missing, outcome.Decision.Verdict);
        Assert.Contains("not checked for a watermark", outcome.Decision.VerdictReason);
        Assert.False(outcome.Watermark.Detected);
    }

    [Fact]
    public void Signing_a_signed_file_again_replaces_its_manifest()
    {
        foreach (var format in new[] { AssetFormat.Wav, AssetFormat.Mp3, AssetFormat.Flac })
        {
            var first = _audio.Signed.First(s => s.Result.Format == format);
            var again = _audio.Pipeline.Sign(File.ReadAllBytes(first.Path));
            var result = C2paTestKit.ExampleValidator().Validate(again.Bytes);
            Assert.Equal(ValidationState.Trusted, result.State);
            Assert.Equal(again.ManifestId, result.ActiveManifestLabel);
            var handler = AssetHandlers.Audio.Single(h => h.Format == format);
            Assert.Single(handler.ListBlocks(again.Bytes), b => b.Kind == AssetBlockKind.ManifestStore);
        }
    }

    /// <summary>The corpus in every format, signed once for the class, in a temporary folder.</summary>
    public sealed class SignedAudio : IDisposable
    {
        public SignedAudio()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("audio-signing-").FullName;
            foreach (var input in AudioCorpusFiles.Make(Directory))
            {
                var result = Pipeline.Sign(File.ReadAllBytes(input), WatermarkIds.NewId());
                var path = Path.Combine(Directory, "signed-" + Path.GetFileName(input));
                File.WriteAllBytes(path, result.Bytes);
                Signed.Add((input, path, result));
            }
        }

        public PipelineFixture Pipeline { get; } = new();

        public string Directory { get; }

        public List<(string Input, string Path, SignedContent Result)> Signed { get; } = [];

        public void Dispose()
        {
            Pipeline.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
