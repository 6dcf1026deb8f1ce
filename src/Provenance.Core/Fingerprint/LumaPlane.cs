using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Provenance.Core.Imaging;

namespace Provenance.Core.Fingerprint;

/// <summary>A small grey-level image (floats, row-major) used for fingerprinting; never a full-size plane.</summary>
internal sealed class LumaPlane
{
    public LumaPlane(int width, int height, float[] values)
    {
        if (values.Length != width * height)
        {
            throw new ArgumentException("Plane size does not match its values.", nameof(values));
        }
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }
    public int Height { get; }
    public float[] Values { get; }

    public float this[int x, int y] => Values[y * Width + x];

    /// <summary>
    /// Box-averages the image's luma (BT.601 weights) into a plane whose longer side is <paramref name="longSide"/>
    /// (or the image's own size when that is smaller). One pass over the image, no full-size buffer.
    /// </summary>
    public static LumaPlane FromImage(ILumaImage image, int longSide)
    {
        var scale = Math.Min(1.0, (double)longSide / Math.Max(image.Width, image.Height));
        var width = Math.Max(1, (int)Math.Round(image.Width * scale));
        var height = Math.Max(1, (int)Math.Round(image.Height * scale));
        // Each cell averages a sample of its source pixels: with many pixels per cell, every pixel is not needed
        // for a mean, and sampling keeps this cheap on large images (about 16 or more samples per cell).
        var step = Math.Max(1, Math.Min(image.Width / width, image.Height / height) / 4);
        var sums = new long[width * height];
        var counts = new int[width * height];
        // The sampled pixels' cell columns rise left to right, so a row is a run of samples per cell: the column
        // where each cell's run ends is worked out once.
        var samplesPerRow = (image.Width + step - 1) / step;
        var runEnd = new int[width];
        for (var i = 0; i < samplesPerRow; i++)
        {
            runEnd[Math.Min(width - 1, (int)((long)i * step * width / image.Width))] = i + 1;
        }
        for (var c = 1; c < width; c++)
        {
            runEnd[c] = Math.Max(runEnd[c], runEnd[c - 1]);
        }
        // The sampled rows of one row of cells are first added column by column (every pixel, in vectors: cheaper
        // than picking the sampled ones), and only then summed run by run, once per row of cells. Integer sums, so
        // the order of the additions changes nothing: stored fingerprints stay valid.
        var luma = ArrayPool<ushort>.Shared.Rent(image.Width);
        var columns = ArrayPool<int>.Shared.Rent(image.Width);
        try
        {
            var columnSums = columns.AsSpan(0, image.Width);
            columnSums.Clear();
            int band = -1;
            int rowsInBand = 0;
            for (var y = 0; y < image.Height; y += step)
            {
                var cellRow = Math.Min(height - 1, (int)((long)y * height / image.Height));
                if (cellRow != band && rowsInBand > 0)
                {
                    AddBand(columnSums, rowsInBand, step, runEnd, sums.AsSpan(band * width, width), counts.AsSpan(band * width, width));
                    rowsInBand = 0;
                }
                band = cellRow;
                if (image is ILumaSamples samples)
                {
                    AddSamples(columnSums, samples.LumaSamples(y));
                }
                else
                {
                    image.ReadLuma(y, luma.AsSpan(0, image.Width), useVectors: true);
                    AddHighBytes(columnSums, luma.AsSpan(0, image.Width));
                }
                rowsInBand++;
            }
            if (rowsInBand > 0)
            {
                AddBand(columnSums, rowsInBand, step, runEnd, sums.AsSpan(band * width, width), counts.AsSpan(band * width, width));
            }
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(luma);
            ArrayPool<int>.Shared.Return(columns);
        }
        var values = new float[width * height];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = counts[i] == 0 ? 0 : (float)sums[i] / counts[i];
        }
        return new LumaPlane(width, height, values);
    }

    // columnSums[x] += luma[x] >> 8 (the 8-bit luma of ILumaImage's 8.8 fixed point).
    private static void AddHighBytes(Span<int> columnSums, ReadOnlySpan<ushort> luma)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var sums = MemoryMarshal.Cast<int, uint>(columnSums);
            for (; x <= luma.Length - Vector256<ushort>.Count; x += Vector256<ushort>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.ShiftRightLogical(Vector256.Create(luma.Slice(x, Vector256<ushort>.Count)), 8));
                (Vector256.Create(sums.Slice(x, Vector256<uint>.Count)) + low).CopyTo(sums.Slice(x, Vector256<uint>.Count));
                (Vector256.Create(sums.Slice(x + Vector256<uint>.Count, Vector256<uint>.Count)) + high).CopyTo(sums.Slice(x + Vector256<uint>.Count));
            }
        }
        for (; x < luma.Length; x++)
        {
            columnSums[x] += luma[x] >> 8;
        }
    }

    // columnSums[x] += samples[x] (a luma plane's own bytes: the high bytes above, without widening to 16 bits first).
    private static void AddSamples(Span<int> columnSums, ReadOnlySpan<byte> samples)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var sums = MemoryMarshal.Cast<int, uint>(columnSums);
            for (; x <= samples.Length - Vector128<byte>.Count; x += Vector128<byte>.Count)
            {
                var (first, second) = Vector128.Widen(Vector128.Create(samples.Slice(x, Vector128<byte>.Count)));
                var (low, high) = Vector256.Widen(Vector256.Create(first, second));
                (Vector256.Create(sums.Slice(x, Vector256<uint>.Count)) + low).CopyTo(sums.Slice(x, Vector256<uint>.Count));
                (Vector256.Create(sums.Slice(x + Vector256<uint>.Count, Vector256<uint>.Count)) + high).CopyTo(sums.Slice(x + Vector256<uint>.Count));
            }
        }
        for (; x < samples.Length; x++)
        {
            columnSums[x] += samples[x];
        }
    }

    // One row of cells: each cell's run of sampled columns (every step-th) of the band's column sums; then clears them.
    private static void AddBand(Span<int> columnSums, int rows, int step, ReadOnlySpan<int> runEnd, Span<long> sums, Span<int> counts)
    {
        for (int c = 0, i = 0; c < runEnd.Length; c++)
        {
            long sum = 0;
            int start = i;
            for (; i < runEnd[c]; i++)
            {
                sum += columnSums[i * step];
            }
            sums[c] += sum;
            counts[c] += (i - start) * rows;
        }
        columnSums.Clear();
    }

    /// <summary>Bilinear resample to the given size (used only to shrink, by modest factors).</summary>
    public LumaPlane Resize(int width, int height)
    {
        var values = new float[width * height];
        var sx = (double)Width / width;
        var sy = (double)Height / height;
        for (var y = 0; y < height; y++)
        {
            var fy = Math.Clamp((y + 0.5) * sy - 0.5, 0, Height - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, Height - 1);
            var wy = (float)(fy - y0);
            for (var x = 0; x < width; x++)
            {
                var fx = Math.Clamp((x + 0.5) * sx - 0.5, 0, Width - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(x0 + 1, Width - 1);
                var wx = (float)(fx - x0);
                var top = this[x0, y0] + (this[x1, y0] - this[x0, y0]) * wx;
                var bottom = this[x0, y1] + (this[x1, y1] - this[x0, y1]) * wx;
                values[y * width + x] = top + (bottom - top) * wy;
            }
        }
        return new LumaPlane(width, height, values);
    }

    /// <summary>Separable Gaussian blur (edges clamped).</summary>
    public LumaPlane Blur(double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[2 * radius + 1];
        for (var i = -radius; i <= radius; i++)
        {
            kernel[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        }
        var total = kernel.Sum();
        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= total;
        }
        var horizontal = new float[Values.Length];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                float sum = 0;
                for (var i = -radius; i <= radius; i++)
                {
                    sum += kernel[i + radius] * this[Math.Clamp(x + i, 0, Width - 1), y];
                }
                horizontal[y * Width + x] = sum;
            }
        }
        var values = new float[Values.Length];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                float sum = 0;
                for (var i = -radius; i <= radius; i++)
                {
                    sum += kernel[i + radius] * horizontal[Math.Clamp(y + i, 0, Height - 1) * Width + x];
                }
                values[y * Width + x] = sum;
            }
        }
        return new LumaPlane(Width, Height, values);
    }

    /// <summary>
    /// Undoes a rotation by <paramref name="degrees"/> (clockwise as displayed, as ImageMagick's -rotate turns) and keeps the inner
    /// rectangle that holds only image content (the rotated corners fall outside and are cut away).
    /// </summary>
    public LumaPlane Derotate(double degrees)
    {
        var theta = degrees * Math.PI / 180;
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        var marginX = (int)Math.Ceiling(Height / 2.0 * Math.Abs(sin)) + 1;
        var marginY = (int)Math.Ceiling(Width / 2.0 * Math.Abs(sin)) + 1;
        var width = Width - 2 * marginX;
        var height = Height - 2 * marginY;
        if (width < 8 || height < 8)
        {
            return this;
        }
        double cx = (Width - 1) / 2.0, cy = (Height - 1) / 2.0;
        var values = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Output point relative to the centre, rotated back into the upload's frame (y axis down).
                double dx = x + marginX - cx, dy = y + marginY - cy;
                var sx = Math.Clamp(cx + dx * cos - dy * sin, 0, Width - 1);
                var sy = Math.Clamp(cy + dx * sin + dy * cos, 0, Height - 1);
                int x0 = (int)sx, y0 = (int)sy;
                int x1 = Math.Min(x0 + 1, Width - 1), y1 = Math.Min(y0 + 1, Height - 1);
                float wx = (float)(sx - x0), wy = (float)(sy - y0);
                var top = this[x0, y0] + (this[x1, y0] - this[x0, y0]) * wx;
                var bottom = this[x0, y1] + (this[x1, y1] - this[x0, y1]) * wx;
                values[y * width + x] = top + (bottom - top) * wy;
            }
        }
        return new LumaPlane(width, height, values);
    }
}
