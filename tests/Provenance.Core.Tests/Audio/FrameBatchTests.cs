using Provenance.Core.Audio.Watermark;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Tests.Audio;

/// <summary>
/// The audio mark transforms its frames in batches (<see cref="FrameBatch"/>); marked files and detections must not
/// depend on that. These tests hold every batched result bit for bit to one pair of frames transformed alone with
/// <see cref="Fft.Transform1D"/>, over lengths that leave a partial last batch and an odd last frame.
/// </summary>
public sealed class FrameBatchTests
{
    private const int N = MarkLayout.FrameLength;
    private static readonly MarkLayout Layout = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), 1, true, 1);
    private static readonly float[] Window = Enumerable.Range(0, N).Select(i => (float)Math.Sqrt(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / N)))).ToArray();

    [Theory]
    [InlineData(0, 33)]
    [InlineData(77, 70)]
    public void Band_energies_equal_those_of_pairs_transformed_alone(int offset, int frames)
    {
        var signal = Noise(offset + ((frames - 1) * MarkLayout.Hop) + N, seed: frames);
        var batched = BandEnergies.Compute(signal, offset, Layout.BandEdges);
        int bands = Layout.Bands;
        Assert.Equal(frames * bands, batched.Length);
        var re = new float[N];
        var im = new float[N];
        for (int f = 0; f < frames; f += 2)
        {
            bool pair = f + 1 < frames;
            Load(signal, offset + (f * MarkLayout.Hop), pair ? offset + ((f + 1) * MarkLayout.Hop) : -1, re, im);
            Fft.Transform1D(re, im, inverse: false);
            for (int b = 0; b < bands; b++)
            {
                var (e0, e1) = Fft.PackedPairPower(re, im, Layout.BandEdges[b], Layout.BandEdges[b + 1]);
                Assert.Equal((float)e0, batched[(f * bands) + b]);
                if (pair)
                {
                    Assert.Equal((float)e1, batched[((f + 1) * bands) + b]);
                }
            }
        }
    }

    [Fact]
    public void The_mark_equals_that_of_pairs_transformed_alone()
    {
        // 75 frames: 37 pairs and an odd one; every third slot unmarked (gains of one), which the batch skips.
        int frames = 75, bands = Layout.Bands;
        var signal = Noise(((frames - 1) * MarkLayout.Hop) + N, seed: 9);
        var gains = new float[frames * bands];
        for (int f = 0; f < frames; f++)
        {
            int slot = f / MarkLayout.FramesPerSlot;
            for (int b = 0; b < bands; b++)
            {
                gains[(f * bands) + b] = slot % 3 == 2 ? 1f : 1f + (0.07f * (float)Math.Sin((slot * 5) + b));
            }
        }
        var batched = BandEnergies.Mark(signal, Layout.BandEdges, gains);

        var expected = new float[signal.Length];
        var re = new float[N];
        var im = new float[N];
        var factor = new float[(N / 2) + 1];
        for (int f = 0; f < frames;)
        {
            var frameGains = gains.AsSpan(f * bands, bands);
            bool pair = f + 1 < frames && frameGains.SequenceEqual(gains.AsSpan((f + 1) * bands, bands));
            int s0 = f * MarkLayout.Hop, s1 = s0 + MarkLayout.Hop;
            f += pair ? 2 : 1;
            Array.Clear(factor);
            for (int b = 0; b < bands; b++)
            {
                factor.AsSpan(Layout.BandEdges[b], Layout.BandEdges[b + 1] - Layout.BandEdges[b]).Fill(frameGains[b] - 1f);
            }
            if (factor.All(x => x == 0f))
            {
                continue;
            }
            Load(signal, s0, pair ? s1 : -1, re, im);
            Fft.Transform1D(re, im, inverse: false);
            for (int k = 0; k <= N / 2; k++)
            {
                re[k] *= factor[k];
                im[k] *= factor[k];
                if (k > 0 && k < N / 2)
                {
                    re[N - k] *= factor[k];
                    im[N - k] *= factor[k];
                }
            }
            Fft.Transform1D(re, im, inverse: true);
            for (int i = 0; i < N; i++)
            {
                expected[s0 + i] += re[i] * Window[i];
            }
            if (pair)
            {
                for (int i = 0; i < N; i++)
                {
                    expected[s1 + i] += im[i] * Window[i];
                }
            }
        }
        Assert.Contains(batched, x => x != 0f);
        Assert.Equal(expected, batched);
    }

    /// <summary>The audio fingerprint batches its 2048-sample frames: a partial batch of them, each against one transform.</summary>
    [Fact]
    public void Longer_frames_give_the_powers_of_pairs_transformed_alone()
    {
        const int length = 2048;
        var signal = Noise(length * 8, seed: 4);
        var window = Enumerable.Range(0, length).Select(i => (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / length)))).ToArray();
        var batch = new FrameBatch(length);
        for (int j = 0; j < 5; j++)
        {
            batch.Load(signal, 512 * (j + 1), 512 * j, window);
        }
        batch.Transform(inverse: false);
        var re = new float[length];
        var im = new float[length];
        for (int j = 0; j < 5; j++)
        {
            for (int i = 0; i < length; i++)
            {
                re[i] = signal[(512 * (j + 1)) + i] * window[i];
                im[i] = signal[(512 * j) + i] * window[i];
            }
            Fft.Transform1D(re, im, inverse: false);
            Assert.Equal(Fft.PackedPairPower(re, im, 38, 384), batch.PairPower(j, 38, 384));
        }
    }

    private static void Load(float[] signal, int first, int second, float[] re, float[] im)
    {
        for (int i = 0; i < N; i++)
        {
            re[i] = signal[first + i] * Window[i];
            im[i] = second >= 0 ? signal[second + i] * Window[i] : 0f;
        }
    }

    private static float[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }
}
