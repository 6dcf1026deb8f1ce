namespace Provenance.Core.Imaging;

/// <summary>
/// JPEG chroma subsampling, named by the usual J:a:b notation. The values are TurboJPEG's TJSAMP constants, so
/// they pass straight to the codec.
/// </summary>
public enum ChromaSubsampling
{
    Yuv444 = 0,
    Yuv422 = 1,
    Yuv420 = 2,
    Gray = 3,
    Yuv440 = 4,
    Yuv411 = 5,
}
