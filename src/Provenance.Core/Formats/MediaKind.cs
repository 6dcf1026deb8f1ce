namespace Provenance.Core.Formats;

/// <summary>What a format carries; the watermark scheme and the pipeline (pixels, frames, samples) follow from it.</summary>
public enum MediaKind
{
    Image,
    Video,
    Audio,
}
