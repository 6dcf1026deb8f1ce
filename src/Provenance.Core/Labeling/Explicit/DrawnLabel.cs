namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// Where Sign drew an explicit label and how large: what the manifest's <c>c2pa.edited</c> action records and
/// what a caller may show. Integer pixels of the stored image (before any EXIF orientation turns it for display),
/// origin at its top left.
/// </summary>
/// <param name="Position">The requested position's name ("bottom-right", ...).</param>
/// <param name="X">Left edge of the plate.</param>
/// <param name="Y">Top edge of the plate.</param>
/// <param name="Width">Plate width.</param>
/// <param name="Height">Plate height.</param>
/// <param name="TextHeight">Height of the drawn text as displayed, in pixels (at least 5% of the image's shorter side).</param>
public sealed record DrawnLabel(string Text, string Position, int X, int Y, int Width, int Height, int TextHeight)
{
    /// <summary>For a video: the requested span's name ("opening", ...); null for an image.</summary>
    public string? Span { get; init; }

    /// <summary>For a video: the frames that carry the label and the time they cover; null for an image.</summary>
    public IReadOnlyList<LabelTimeRange>? Times { get; init; }

    internal static DrawnLabel From(LabelRaster raster) => new(
        raster.Label.Text, raster.Label.Position.Name(), raster.X, raster.Y, raster.Width, raster.Height, raster.TextHeight);
}
