namespace Provenance.Core.Imaging;

/// <summary>Interleaved 8-bit layouts. The value is the number of bytes per pixel.</summary>
public enum PixelFormat
{
    Rgb24 = 3,
    Rgba32 = 4,
}
