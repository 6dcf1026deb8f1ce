using System.Diagnostics.CodeAnalysis;

namespace Provenance.Core.Watermark;

internal static class ThrowHelpers
{
    [DoesNotReturn]
    public static void TooSmall(int width, int height) =>
        throw new InvalidMediaException(MediaError.TooSmall,
            $"Image {width}x{height} is too small to watermark: the shorter side must be at least {TileGeometry.MinShortSide} pixels.");
}
