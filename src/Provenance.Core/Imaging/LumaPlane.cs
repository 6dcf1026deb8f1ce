using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Provenance.Core.Imaging;

/// <summary>
/// One 8-bit plane of luma samples in a pooled buffer, rows packed: a JPEG's Y plane decoded without its chroma
/// (<see cref="Jpeg.JpegCodec.TryDecodeLuma"/>), which is all that verifying it reads. Dispose returns the buffer.
/// </summary>
internal sealed class LumaPlane : ILumaSamples, IDisposable
{
    private byte[]? _samples;

    public LumaPlane(int width, int height)
    {
        long bytes = (long)width * height;
        if (bytes > Array.MaxLength)
        {
            throw new InvalidMediaException(MediaError.TooLarge, $"Image size {width}x{height} is too large to hold in memory.");
        }
        Width = width;
        Height = height;
        _samples = ArrayPool<byte>.Shared.Rent((int)bytes);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Every sample, row after row.</summary>
    public Span<byte> Samples => (_samples ?? throw new ObjectDisposedException(nameof(LumaPlane))).AsSpan(0, Width * Height);

    public Span<byte> Row(int y)
    {
        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y));
        }
        return Samples.Slice(y * Width, Width);
    }

    int ILumaImage.SamplesPerPixel => 1;

    void ILumaImage.ReadLuma(int y, Span<ushort> luma, bool useVectors) => ReadRow(Row(y)[..luma.Length], luma, useVectors);

    ReadOnlySpan<byte> ILumaSamples.LumaSamples(int y) => Row(y);

    long ILumaImage.AddToLuma(int y, ReadOnlySpan<int> deltas, bool useVectors) =>
        LumaDelta.ApplyToPlane(Row(y)[..deltas.Length], deltas, useVectors);

    /// <summary>256 x each sample of a row of luma samples (<see cref="ILumaImage.ReadLuma"/> of any luma plane).</summary>
    internal static void ReadRow(ReadOnlySpan<byte> row, Span<ushort> luma, bool useVectors)
    {
        int x = 0;
        if (useVectors && Vector128.IsHardwareAccelerated)
        {
            ref byte src = ref MemoryMarshal.GetReference(row);
            ref ushort dst = ref MemoryMarshal.GetReference(luma);
            for (; x <= row.Length - 16; x += 16)
            {
                var (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref src, (nuint)x));
                (low << 8).StoreUnsafe(ref dst, (nuint)x);
                (high << 8).StoreUnsafe(ref dst, (nuint)(x + 8));
            }
        }
        for (; x < row.Length; x++)
        {
            luma[x] = (ushort)(row[x] << 8);
        }
    }

    public void Dispose()
    {
        var samples = Interlocked.Exchange(ref _samples, null);
        if (samples is not null)
        {
            ArrayPool<byte>.Shared.Return(samples);
        }
    }
}
