using System.Buffers;

namespace Provenance.Core.Imaging;

/// <summary>
/// Decoded pixels: interleaved 8-bit RGB or RGBA, rows packed (stride = width * bytes per pixel), in a buffer
/// rented from the shared pool. Dispose returns the buffer; a frame must not be used after that.
/// </summary>
public sealed class ImageFrame : IDisposable
{
    private byte[]? _buffer;

    private ImageFrame(int width, int height, PixelFormat format, byte[] buffer)
    {
        Width = width;
        Height = height;
        Format = format;
        _buffer = buffer;
    }

    public int Width { get; }
    public int Height { get; }
    public PixelFormat Format { get; }
    public int BytesPerPixel => (int)Format;
    public int Stride => Width * BytesPerPixel;
    public int ByteLength => Stride * Height;
    public bool HasAlpha => Format == PixelFormat.Rgba32;

    /// <summary>All pixel bytes, row after row.</summary>
    public Span<byte> Pixels => Buffer.AsSpan(0, ByteLength);

    public Span<byte> Row(int y)
    {
        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y));
        }
        return Buffer.AsSpan(y * Stride, Stride);
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(ImageFrame));

    /// <summary>
    /// Rents a frame of the given size. The caller has already checked the size against the configured pixel
    /// limit; this only refuses sizes that cannot be addressed. Contents are not cleared.
    /// </summary>
    public static ImageFrame Allocate(int width, int height, PixelFormat format)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} is empty.");
        }
        long bytes = (long)width * height * (int)format;
        if (bytes > Array.MaxLength)
        {
            throw new InvalidMediaException(MediaError.TooLarge, $"Image size {width}x{height} is too large to hold in memory.");
        }
        return new ImageFrame(width, height, format, ArrayPool<byte>.Shared.Rent((int)bytes));
    }

    /// <summary>A deep copy in a new pooled buffer.</summary>
    public ImageFrame Clone()
    {
        var copy = Allocate(Width, Height, Format);
        Pixels.CopyTo(copy.Pixels);
        return copy;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
