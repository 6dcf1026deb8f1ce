using Provenance.Core.Watermark.Signal;

namespace Provenance.Core.Watermark;

/// <summary>
/// Reads the 32 x 32 chip values once the geometry and the pilot's position are known: every residual pixel is
/// mapped to continuous chip coordinates and feeds the 2 x 2 chips around it with the chip's raised-cosine
/// footprint (a matched filter, summed over all tiles). Working from pixels rather than from the binned fold
/// keeps sub-bin accuracy, and it is the same readout the embedder's host analysis predicts.
/// </summary>
internal static class ChipReader
{
    private const int N = TileFolder.Size;
    private const double CentreOffset = TileFolder.Oversample * 0.5 - 0.5;

    public static void Read(FloatPlane residual, double waxel, double theta, PilotMatch match, Span<float> chips)
    {
        chips.Clear();
        int width = residual.Width;
        int height = residual.Height;
        double cos = Math.Cos(theta) * TileFolder.Oversample / waxel;
        double sin = Math.Sin(theta) * TileFolder.Oversample / waxel;
        double cx = width * 0.5;
        double cy = height * 0.5;
        const double wrap = N * 4096.0;
        for (int y = 0; y < height; y++)
        {
            var row = residual.Row(y);
            double ry = y + 0.5 - cy;
            for (int x = 0; x < width; x++)
            {
                double rx = x + 0.5 - cx;
                // Fold coordinates in bin-index units (integer = bin centre), as TileFolder bins them.
                double a = rx * cos + ry * sin - 0.5 + wrap;
                double b = -rx * sin + ry * cos - 0.5 + wrap;
                for (int k = 0; k < match.Orientation; k++)
                {
                    (a, b) = (wrap + N - 1 - b, a);
                }
                // Chip (i, j) sits at bin (o i + o/2 - 1/2 + shift) (o bins per waxel); convert to chip units.
                double ci = (a - CentreOffset - match.ShiftX) / TileFolder.Oversample;
                double cj = (b - CentreOffset - match.ShiftY) / TileFolder.Oversample;
                double fi = Math.Floor(ci);
                double fj = Math.Floor(cj);
                float wi = ChipShape.Footprint(ci - fi);
                float wj = ChipShape.Footprint(cj - fj);
                int i0 = ChipShape.Mod((int)(long)fi);
                int i1 = ChipShape.Mod((int)(long)fi + 1);
                int j0 = ChipShape.Mod((int)(long)fj) * TileLayout.Size;
                int j1 = ChipShape.Mod((int)(long)fj + 1) * TileLayout.Size;
                float v = row[x];
                chips[j0 + i0] += v * wi * wj;
                chips[j0 + i1] += v * (1 - wi) * wj;
                chips[j1 + i0] += v * wi * (1 - wj);
                chips[j1 + i1] += v * (1 - wi) * (1 - wj);
            }
        }
    }
}
