using System.Buffers;

namespace Provenance.Core.Imaging;

/// <summary>
/// A JPEG's samples as the codec holds them, before any colour conversion: a full-resolution luma (Y) plane and,
/// unless the file is greyscale, the two chroma planes at the file's subsampling, each in a pooled buffer. Signing
/// and verifying a JPEG touch luma only, so they work here: the conversion to RGB and back is skipped and the
/// chroma samples go back to the encoder exactly as decoded (no second round of chroma subsampling).
/// Plane sizes are TurboJPEG's (a plane may be a column or row wider than the image when the image's size is not
/// a multiple of the subsampling factor); rows are packed (stride = plane width). Dispose returns the buffers.
/// </summary>
internal sealed class YuvImage : ILumaSamples, IDisposable
{
    private readonly byte[]?[] _planes;
    private readonly int[] _planeWidths;
    private readonly int[] _planeHeights;

    public YuvImage(int width, int height, ChromaSubsampling subsampling, int[] planeWidths, int[] planeHeights)
    {
        int count = subsampling == ChromaSubsampling.Gray ? 1 : 3;
        if (planeWidths.Length != count || planeHeights.Length != count || planeWidths[0] < width || planeHeights[0] < height)
        {
            throw new ArgumentException($"plane sizes do not fit a {width}x{height} {subsampling} image", nameof(planeWidths));
        }
        Width = width;
        Height = height;
        Subsampling = subsampling;
        _planeWidths = planeWidths;
        _planeHeights = planeHeights;
        _planes = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            long bytes = (long)planeWidths[i] * planeHeights[i];
            if (bytes > Array.MaxLength)
            {
                Dispose();
                throw new InvalidMediaException(MediaError.TooLarge, $"Image size {width}x{height} is too large to hold in memory.");
            }
            _planes[i] = ArrayPool<byte>.Shared.Rent((int)bytes);
        }
    }

    public int Width { get; }

    public int Height { get; }

    public ChromaSubsampling Subsampling { get; }

    public int PlaneCount => _planes.Length;

    public int PlaneWidth(int plane) => _planeWidths[plane];

    public int PlaneHeight(int plane) => _planeHeights[plane];

    /// <summary>All samples of one plane (0 = Y, 1 = Cb, 2 = Cr), row after row.</summary>
    public Span<byte> Plane(int plane) =>
        (_planes[plane] ?? throw new ObjectDisposedException(nameof(YuvImage))).AsSpan(0, _planeWidths[plane] * _planeHeights[plane]);

    /// <summary>The <see cref="Width"/> luma samples of image row <paramref name="y"/>.</summary>
    public Span<byte> LumaRow(int y)
    {
        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y));
        }
        return Plane(0).Slice(y * _planeWidths[0], Width);
    }

    int ILumaImage.SamplesPerPixel => 1;

    void ILumaImage.ReadLuma(int y, Span<ushort> luma, bool useVectors) => LumaPlane.ReadRow(LumaRow(y)[..luma.Length], luma, useVectors);

    ReadOnlySpan<byte> ILumaSamples.LumaSamples(int y) => LumaRow(y);

    long ILumaImage.AddToLuma(int y, ReadOnlySpan<int> deltas, bool useVectors) =>
        LumaDelta.ApplyToPlane(LumaRow(y)[..deltas.Length], deltas, useVectors);

    public void Dispose()
    {
        for (int i = 0; i < _planes.Length; i++)
        {
            var buffer = Interlocked.Exchange(ref _planes[i], null);
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
