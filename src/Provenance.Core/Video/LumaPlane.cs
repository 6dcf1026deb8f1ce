using Provenance.Core.Imaging;
using Provenance.Core.Watermark;

namespace Provenance.Core.Video;

/// <summary>The Y plane of one raw yuv420p video frame as the watermark sees it (one sample per pixel), over a caller's buffer.</summary>
internal sealed class LumaPlane(byte[] frame, int width, int height) : ILumaSamples
{
    public int Width => width;

    public int Height => height;

    public int SamplesPerPixel => 1;

    public void ReadLuma(int y, Span<ushort> luma, bool useVectors) =>
        Imaging.LumaPlane.ReadRow(frame.AsSpan(y * width, luma.Length), luma, useVectors);

    public ReadOnlySpan<byte> LumaSamples(int y) => frame.AsSpan(y * width, width);

    public long AddToLuma(int y, ReadOnlySpan<int> deltas, bool useVectors) =>
        LumaDelta.ApplyToPlane(frame.AsSpan(y * width, deltas.Length), deltas, useVectors);
}
