using System.Buffers;

namespace Provenance.Core.Watermark.Signal;

/// <summary>
/// A single-channel float image (luma, residual, pattern) in a pooled buffer, rows packed. The watermark works on
/// these instead of on the interleaved 8-bit frame so that filters run on one contiguous channel.
/// </summary>
internal sealed class FloatPlane : IDisposable
{
    private float[]? _data;

    public FloatPlane(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Plane size {width}x{height} is empty.");
        }
        Width = width;
        Height = height;
        _data = ArrayPool<float>.Shared.Rent(checked(width * height));
    }

    public int Width { get; }
    public int Height { get; }
    public int Length => Width * Height;

    public float[] Data => _data ?? throw new ObjectDisposedException(nameof(FloatPlane));

    public Span<float> Span => Data.AsSpan(0, Length);

    public Span<float> Row(int y) => Data.AsSpan(y * Width, Width);

    public void Dispose()
    {
        var data = Interlocked.Exchange(ref _data, null);
        if (data is not null)
        {
            ArrayPool<float>.Shared.Return(data);
        }
    }
}
