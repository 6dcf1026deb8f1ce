using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Tests.TestData;
using Provenance.Core.Watermark.Evaluation;

namespace Provenance.Core.Tests.Watermark;

/// <summary>Corpus photos scaled (Lanczos-3) to a given shorter side, as the small-image harness makes them.</summary>
internal static class ScaledPhotos
{
    public static ImageFrame ToShortSide(string photo, int side)
    {
        using var source = ProjectCodecs.Load(TestFiles.Photo(photo));
        double factor = (double)side / Math.Min(source.Width, source.Height);
        int width = source.Width <= source.Height ? side : (int)Math.Round(source.Width * factor);
        int height = source.Height < source.Width ? side : (int)Math.Round(source.Height * factor);
        return Resize.Apply(source, width, height, ResampleFilter.Lanczos3);
    }
}
