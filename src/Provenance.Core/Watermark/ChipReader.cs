namespace Provenance.Core.Watermark;

/// <summary>
/// Reads the 32 x 32 chip values out of an aligned fold: a matched filter (the chip's raised-cosine footprint,
/// two waxels wide) centred where the pilot correlation put each chip.
/// </summary>
internal static class ChipReader
{
    private const int N = TileFolder.Size;
    private const int Reach = TileFolder.Oversample; // footprint half-width in bins

    public static void Read(ReadOnlySpan<float> fold, double shiftX, double shiftY, Span<float> chips)
    {
        Span<float> weightsX = stackalloc float[2 * Reach + 2];
        Span<float> weightsY = stackalloc float[2 * Reach + 2];
        for (int j = 0; j < TileLayout.Size; j++)
        {
            double cy = j * TileFolder.Oversample + 0.5 + shiftY;
            int y0 = (int)Math.Floor(cy) - Reach;
            Weights(cy, y0, weightsY);
            for (int i = 0; i < TileLayout.Size; i++)
            {
                double cx = i * TileFolder.Oversample + 0.5 + shiftX;
                int x0 = (int)Math.Floor(cx) - Reach;
                Weights(cx, x0, weightsX);
                float sum = 0;
                for (int a = 0; a < weightsY.Length; a++)
                {
                    if (weightsY[a] == 0)
                    {
                        continue;
                    }
                    int row = ((y0 + a) & (N - 1)) * N;
                    float rowSum = 0;
                    for (int b = 0; b < weightsX.Length; b++)
                    {
                        rowSum += weightsX[b] * fold[row + ((x0 + b) & (N - 1))];
                    }
                    sum += weightsY[a] * rowSum;
                }
                chips[j * TileLayout.Size + i] = sum;
            }
        }
    }

    private static void Weights(double centre, int start, Span<float> weights)
    {
        for (int k = 0; k < weights.Length; k++)
        {
            weights[k] = ChipShape.Footprint((start + k - centre) / TileFolder.Oversample);
        }
    }
}
