namespace Provenance.Core.Imaging.Transforms;

/// <summary>Reconstruction kernels for resampling, each with its support radius in source pixels at scale 1.</summary>
internal abstract class ResampleFilter
{
    /// <summary>Lanczos, 3 lobes: what ImageMagick uses for most downscales.</summary>
    public static ResampleFilter Lanczos3 { get; } = new LanczosFilter(3);

    /// <summary>Catmull-Rom cubic: sharp, used for rotation and enlargement.</summary>
    public static ResampleFilter CatmullRom { get; } = new CubicFilter(0, 0.5);

    /// <summary>Mitchell-Netravali (B = C = 1/3): ImageMagick's choice for enlargement.</summary>
    public static ResampleFilter Mitchell { get; } = new CubicFilter(1.0 / 3, 1.0 / 3);

    /// <summary>Linear (tent).</summary>
    public static ResampleFilter Triangle { get; } = new TriangleFilter();

    public abstract double Radius { get; }

    public abstract double Weight(double x);

    private sealed class LanczosFilter(int lobes) : ResampleFilter
    {
        public override double Radius => lobes;

        public override double Weight(double x)
        {
            x = Math.Abs(x);
            if (x < 1e-9)
            {
                return 1;
            }
            if (x >= lobes)
            {
                return 0;
            }
            double px = Math.PI * x;
            return lobes * Math.Sin(px) * Math.Sin(px / lobes) / (px * px);
        }
    }

    /// <summary>Mitchell-Netravali family with parameters B and C (B = 0, C = 0.5 is Catmull-Rom).</summary>
    private sealed class CubicFilter(double b, double c) : ResampleFilter
    {
        public override double Radius => 2;

        public override double Weight(double x)
        {
            x = Math.Abs(x);
            if (x < 1)
            {
                return ((12 - 9 * b - 6 * c) * x * x * x + (-18 + 12 * b + 6 * c) * x * x + (6 - 2 * b)) / 6;
            }
            if (x < 2)
            {
                return ((-b - 6 * c) * x * x * x + (6 * b + 30 * c) * x * x + (-12 * b - 48 * c) * x + (8 * b + 24 * c)) / 6;
            }
            return 0;
        }
    }

    private sealed class TriangleFilter : ResampleFilter
    {
        public override double Radius => 1;

        public override double Weight(double x) => Math.Max(0, 1 - Math.Abs(x));
    }
}
