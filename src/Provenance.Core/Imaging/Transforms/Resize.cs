namespace Provenance.Core.Imaging.Transforms;

/// <summary>
/// Separable resampling of a frame to a new size. When shrinking, the kernel is widened by the reduction factor so
/// that it also low-passes (no aliasing), as ImageMagick and libvips do. All channels, alpha included.
/// </summary>
internal static class Resize
{
    public static ImageFrame Apply(ImageFrame source, int width, int height, ResampleFilter? filter = null)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Target size {width}x{height} is empty.");
        }
        filter ??= ResampleFilter.Lanczos3;
        int channels = source.BytesPerPixel;
        var horizontal = Kernel.Build(source.Width, width, filter);
        var vertical = Kernel.Build(source.Height, height, filter);

        // Horizontal pass into floats (width x source height), then vertical into the new frame.
        var temp = new float[width * channels * source.Height];
        int tempStride = width * channels;
        for (int y = 0; y < source.Height; y++)
        {
            var row = source.Row(y);
            var dst = temp.AsSpan(y * tempStride, tempStride);
            for (int x = 0; x < width; x++)
            {
                int start = horizontal.Start[x];
                var weights = horizontal.WeightsOf(x);
                for (int c = 0; c < channels; c++)
                {
                    float sum = 0;
                    for (int k = 0; k < weights.Length; k++)
                    {
                        sum += weights[k] * row[(start + k) * channels + c];
                    }
                    dst[x * channels + c] = sum;
                }
            }
        }
        var result = ImageFrame.Allocate(width, height, source.Format);
        var column = new float[tempStride];
        for (int y = 0; y < height; y++)
        {
            int start = vertical.Start[y];
            var weights = vertical.WeightsOf(y);
            Array.Clear(column);
            for (int k = 0; k < weights.Length; k++)
            {
                float w = weights[k];
                var src = temp.AsSpan((start + k) * tempStride, tempStride);
                for (int i = 0; i < tempStride; i++)
                {
                    column[i] += w * src[i];
                }
            }
            var dst = result.Row(y);
            for (int i = 0; i < tempStride; i++)
            {
                dst[i] = (byte)Math.Clamp((int)MathF.Round(column[i]), 0, 255);
            }
        }
        return result;
    }

    /// <summary>For each output sample: the first source index and normalised weights (edges clamped).</summary>
    private sealed class Kernel
    {
        private readonly float[] _weights;

        private Kernel(int[] start, float[] weights, int taps)
        {
            Start = start;
            _weights = weights;
            Taps = taps;
        }

        public int[] Start { get; }
        public int Taps { get; }

        public ReadOnlySpan<float> WeightsOf(int i) => _weights.AsSpan(i * Taps, Taps);

        public static Kernel Build(int sourceLength, int targetLength, ResampleFilter filter)
        {
            double scale = (double)targetLength / sourceLength;
            double stretch = Math.Max(1, 1 / scale);
            double support = filter.Radius * stretch;
            int taps = (int)Math.Ceiling(support * 2) + 1;
            if (sourceLength < taps)
            {
                throw new ArgumentException($"Source length {sourceLength} is too short to resample to {targetLength}.");
            }
            var start = new int[targetLength];
            var weights = new float[targetLength * taps];
            var raw = new double[taps];
            for (int i = 0; i < targetLength; i++)
            {
                double centre = (i + 0.5) / scale - 0.5;
                int first = (int)Math.Floor(centre - support) + 1;
                double total = 0;
                for (int k = 0; k < taps; k++)
                {
                    raw[k] = filter.Weight((first + k - centre) / stretch);
                    total += raw[k];
                }
                // Clamp the window into the source and move weights of out-of-range taps to the edge samples.
                int clampedFirst = Math.Clamp(first, 0, Math.Max(0, sourceLength - taps));
                var w = weights.AsSpan(i * taps, taps);
                w.Clear();
                for (int k = 0; k < taps; k++)
                {
                    int index = Math.Clamp(first + k, 0, sourceLength - 1);
                    int slot = Math.Clamp(index - clampedFirst, 0, taps - 1);
                    w[slot] += (float)(raw[k] / total);
                }
                start[i] = clampedFirst;
            }
            return new Kernel(start, weights, taps);
        }
    }
}
