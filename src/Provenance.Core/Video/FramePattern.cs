using Provenance.Core.Imaging;
using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Video;

/// <summary>
/// The watermark's integer luma delta for every pixel of a frame size, recorded while the image embedder marks one
/// frame (<see cref="Record"/>) and added unchanged to the frames that follow (<see cref="ApplyTo"/>). Reusing it
/// makes the mark exactly the same from frame to frame (no flicker: the encoder sees a static texture) and costs one
/// saturating add per pixel instead of a full embedding (host analysis, informed amplitudes, strength solve).
/// Deltas are stored as sbyte: the embedder's deltas stay far inside +-127 at any allowed PSNR; larger ones are
/// clamped there, as <see cref="LumaDelta.ApplyToPlane"/> would clamp the pixel anyway.
/// </summary>
internal sealed class FramePattern(int width, int height)
{
    private readonly sbyte[] _deltas = new sbyte[width * height];
    private readonly int[] _row = new int[width];

    /// <summary>A luma view of <paramref name="frame"/> that applies the embedder's deltas and records them here.</summary>
    public ILumaImage Record(byte[] frame)
    {
        Array.Clear(_deltas);
        return new Recorder(this, new LumaPlane(frame, width, height));
    }

    /// <summary>Adds the recorded deltas to the Y plane at the start of <paramref name="frame"/>; returns the squared change.</summary>
    public long ApplyTo(byte[] frame)
    {
        long error = 0;
        var useVectors = VectorOps.Enabled;
        for (var y = 0; y < height; y++)
        {
            var source = _deltas.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                _row[x] = source[x];
            }
            error += LumaDelta.ApplyToPlane(frame.AsSpan(y * width, width), _row, useVectors);
        }
        return error;
    }

    private sealed class Recorder(FramePattern pattern, LumaPlane plane) : ILumaImage
    {
        public int Width => plane.Width;

        public int Height => plane.Height;

        public int SamplesPerPixel => 1;

        public void ReadLuma(int y, Span<ushort> luma, bool useVectors) => plane.ReadLuma(y, luma, useVectors);

        public long AddToLuma(int y, ReadOnlySpan<int> deltas, bool useVectors)
        {
            var target = pattern._deltas.AsSpan(y * pattern._row.Length, deltas.Length);
            var clamped = pattern._row.AsSpan(0, deltas.Length);
            for (var x = 0; x < deltas.Length; x++)
            {
                var d = Math.Clamp(deltas[x], -127, 127);
                target[x] = (sbyte)d;
                clamped[x] = d;
            }
            return plane.AddToLuma(y, clamped, useVectors);
        }
    }
}
