using Provenance.Core.Audio;
using Provenance.Core.Audio.Watermark;
using Provenance.Core.Audio.Watermark.Evaluation;
using Provenance.Testing;

namespace Provenance.Core.Tests.Audio;

public sealed class FineSpectrogramTests
{
    private static readonly MarkLayout Layout = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), 1, true, 1);

    /// <summary>With no speed change the spectrogram must give what the exact search computes at every sub-hop offset.</summary>
    [Fact]
    public void At_no_speed_change_it_gives_the_band_energies_of_every_sub_hop_offset()
    {
        var window = Mono(AudioWatermarkTests.Chords(seconds: 4, sampleRate: MarkLayout.SampleRate, channels: 1, seed: 5));
        var spectrogram = FineSpectrogram.Compute(window, MarkLayout.Hop / 4, 220);
        for (int offset = 0; offset < MarkLayout.Hop; offset += MarkLayout.Hop / 4)
        {
            var exact = BandEnergies.Compute(window, offset, Layout.BandEdges);
            var read = spectrogram.BandEnergiesAt(offset, 1, Layout.BandEdges);
            Assert.Equal(exact.Length, read.Length);
            // Not bit for bit: the two pack different frames into each complex FFT, and a quiet band carries float
            // rounding of the louder frame it was packed with (measured up to 2e-5 of its energy).
            for (int i = 0; i < exact.Length; i++)
            {
                Assert.True(Math.Abs(exact[i] - read[i]) <= 1e-3 * Math.Max(exact[i], 1e-12f), $"offset {offset}, cell {i}: {exact[i]} against {read[i]}");
            }
        }
    }

    /// <summary>
    /// For a speed candidate, the features read off the spectrogram (log energy of a band over its neighbour's, over a
    /// slot) must follow those of the window actually resampled: the coarse pass ranks candidates by them.
    /// </summary>
    [Theory]
    [InlineData(1.014)]
    [InlineData(0.979)]
    public void At_a_speed_candidate_its_features_follow_the_resampled_window(double stretch)
    {
        var window = Mono(FfmpegAudio.DecodeFile(Path.Combine(RepositoryPaths.Shared, "corpus", "audio", "love_theme.ogg"), maxSeconds: 8));
        var spectrogram = FineSpectrogram.Compute(window, MarkLayout.Hop / 4, 220);
        var resampled = Resampler.Resample(window, stretch);
        int bands = Layout.Bands;
        var exact = CellFeatures.LogEnergies(CellFeatures.CellEnergies(BandEnergies.Compute(resampled, 64, Layout.BandEdges), bands, 0));
        var read = CellFeatures.LogEnergies(CellFeatures.CellEnergies(spectrogram.BandEnergiesAt(64, stretch, Layout.BandEdges), bands, 0));
        int rows = Math.Min(exact.Length, read.Length) / bands;
        Assert.True(rows > 100, $"{rows} slots");
        double squared = 0, spread = 0;
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int b = 0; b + 1 < bands; b += 2)
            {
                double e = exact[(r * bands) + b] - exact[(r * bands) + b + 1];
                double a = read[(r * bands) + b] - read[(r * bands) + b + 1];
                squared += (e - a) * (e - a);
                spread += e * e;
                count++;
            }
        }
        double rms = Math.Sqrt(squared / count), size = Math.Sqrt(spread / count);
        // The features themselves spread over about a neper; the reading must be far closer than that.
        Assert.True(rms < 0.25 * size, $"feature error rms {rms:0.000} nepers against a spread of {size:0.000}");
    }

    /// <summary>
    /// A marked recording played 1.4% faster (resampled) must be found when only the speed candidate the coarse pass
    /// ranks first is searched exactly: the ranking, not the exhaustive search, finds the speed.
    /// </summary>
    [Fact]
    public void The_coarse_pass_ranks_the_true_speed_first()
    {
        var options = new AudioWatermarkOptions { KeyHex = "A0D10A0D10A0D10A0D10A0D10A0D1001" };
        var music = FfmpegAudio.DecodeFile(Path.Combine(RepositoryPaths.Shared, "corpus", "audio", "love_theme.ogg"), maxSeconds: 12);
        const ulong id = 0x5EED_0000_1234_ABCD;
        var marked = new AudioWatermarker(options).Embed(music, id).Marked;
        var faster = new PcmAudio(Resampler.Resample(marked.MonoMix(), 1 / 1.014), 1, marked.SampleRate);
        var onlyTheFirst = new AudioWatermarker(options, AudioWatermarkTuning.Default with { RefinedSpeeds = 1 });
        var detection = onlyTheFirst.Detect(faster);
        Assert.True(detection.Detected, $"pilot z {detection.PilotZ:0.0} at speed {detection.SpeedFactor:0.0000}");
        Assert.Equal(id, detection.Id);
    }

    private static float[] Mono(PcmAudio audio) => Resampler.Resample(audio.MonoMix(), audio.SampleRate, MarkLayout.SampleRate);
}
