using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Provenance.Core.Imaging.Jpeg;

/// <summary>
/// Keeps a signed JPEG close to its input's size by keeping the watermark out of the DCT coefficients the input had
/// quantised to zero, when the file would otherwise grow beyond a budget. Re-encoded at the input's own quality, every
/// mark coefficient of at least half a quantiser step where the input had a zero becomes a new non-zero coefficient:
/// it breaks a run of zeros or moves the block's end, and costs several bits. On smooth photos, where most of a block
/// is zero, that is most of the mark, and it made a signed q95 photo up to 1.77 times its input (docs/watermark.md,
/// "Signed JPEG size"). Coefficients the input already codes change by a step or two at little cost.
/// <para>
/// Only a file over <see cref="GrowthBudget"/> times its input is shaped, because the shaping costs robustness: the
/// detector divides by the local contrast, so a mark in a flat area counts for much, and the growth sits in the
/// lowest AC frequencies of flat blocks, the same place (measured: removing the mark from zigzag positions 10-63 only
/// saved under 1% on the photos that grow most). Busy photos, which grow little and whose marks have the thinnest
/// margin, keep the mark as drawn. A shaped block gives the energy it lost back to the coefficients the input codes,
/// at most <see cref="MaxGain"/> times their own.
/// </para>
/// Use: <see cref="Capture"/> the luma plane before marking, mark it, then <see cref="EncodeWithinBudget"/>. Works on
/// the 8 x 8 blocks of the luma plane that lie wholly inside the image (they are the encoder's blocks); partial blocks
/// at the right and bottom edges keep the mark as drawn.
/// </summary>
internal sealed class JpegMarkShaper : IDisposable
{
    /// <summary>
    /// Signed bytes before the manifest over input bytes above which the mark is shaped. With the manifest (about
    /// 3 KB) on top, the corpus's median stays under the 1.08 and its worst case under 1.30 (bench
    /// jpeg-growth). A file over it is shaped in every block, not in just enough blocks to meet it: tried, that left
    /// the shaped files just under the budget and the median at 1.085 for budgets 1.08-1.15, and the robustness
    /// harness lost the same trials (the photos that need shaping need nearly all of it).
    /// </summary>
    public const double GrowthBudget = 1.15;

    /// <summary>
    /// Images whose shorter side is under this are never shaped: their marks are folded from few tiles and have the
    /// least margin (Sign reads them back, ContentSigner.ReadBackBelowShortSide), and in the harness shaped, home.jpg
    /// (512 x 384) lost 19 trials of 84 at q85 where it had lost none. Such a file may grow more than the budget.
    /// </summary>
    public const int MinShortSide = 512;

    /// <summary>How much a block's coded coefficients may be amplified to give back the energy its zero coefficients lost.</summary>
    public const double MaxGain = 2;

    private const int N = 8;

    // cos((2x + 1) u pi / 16) scaled by C(u)/2 (C(0) = 1/sqrt 2): the orthonormal 8-point DCT-II basis, so a
    // 2-D transform by rows and columns gives the coefficients T.81 quantises.
    private static readonly double[] Basis = BuildBasis();
    private static readonly double[] BasisTransposed = Transposed(Basis);

    private readonly YuvImage _image;
    private readonly byte[] _original;

    private JpegMarkShaper(YuvImage image)
    {
        _image = image;
        var plane = image.Plane(0);
        _original = ArrayPool<byte>.Shared.Rent(plane.Length);
        plane.CopyTo(_original);
    }

    /// <summary>Copies the luma plane of <paramref name="image"/> as it is before marking.</summary>
    public static JpegMarkShaper Capture(YuvImage image) => new(image);

    /// <summary>
    /// Encodes the marked image with <paramref name="encode"/>; when the image is not small and the result is larger than
    /// <see cref="GrowthBudget"/> x <paramref name="inputBytes"/>, shapes the mark in every block (<see cref="Shape"/>)
    /// and encodes again. Returns the last encode and, in <paramref name="psnrDb"/>, the PSNR (dB, 8-bit) of the luma
    /// it holds against the captured plane.
    /// </summary>
    /// <param name="lumaTable">The encoder's luma quantisation steps, natural order (what the re-encode quantises with).</param>
    public byte[] EncodeWithinBudget(long inputBytes, ReadOnlySpan<int> lumaTable, Func<byte[]> encode, out double psnrDb)
    {
        if (lumaTable.Length != N * N)
        {
            throw new ArgumentException("a quantisation table has 64 entries", nameof(lumaTable));
        }
        var encoded = encode();
        if (Math.Min(_image.Width, _image.Height) >= MinShortSide && encoded.Length > (long)(inputBytes * GrowthBudget))
        {
            Shape(lumaTable, blocks: null);
            encoded = encode();
        }
        psnrDb = Psnr();
        return encoded;
    }

    /// <summary>
    /// For every full block (row by row), how many AC coefficients quantise to zero in the captured plane and not
    /// in the marked one: the coefficients the mark adds to the file.
    /// </summary>
    internal int[] AddedCoefficients(ReadOnlySpan<int> lumaTable)
    {
        var counts = new int[BlocksAcross * BlocksDown];
        Span<double> original = stackalloc double[N * N];
        Span<double> marked = stackalloc double[N * N];
        Span<double> scratch = stackalloc double[N * N];
        for (int b = 0; b < counts.Length; b++)
        {
            if (!LoadBlock(b, original, marked))
            {
                continue;
            }
            Transform(original, scratch, inverse: false);
            Transform(marked, scratch, inverse: false);
            for (int k = 1; k < N * N; k++)
            {
                // The change was transformed on its own; the marked block's coefficient is the sum.
                if (Math.Round(original[k] / lumaTable[k]) == 0 && Math.Round((original[k] + marked[k]) / lumaTable[k]) != 0)
                {
                    counts[b]++;
                }
            }
        }
        return counts;
    }

    private int BlocksAcross => _image.Width / N;

    private int BlocksDown => _image.Height / N;

    /// <summary>Block <paramref name="index"/>: the captured samples minus 128 and the change since; false when nothing changed.</summary>
    private bool LoadBlock(int index, Span<double> original, Span<double> change)
    {
        var plane = _image.Plane(0);
        int stride = _image.PlaneWidth(0);
        int bx = index % BlocksAcross * N;
        int by = index / BlocksAcross * N;
        bool changed = false;
        for (int y = 0; y < N; y++)
        {
            int row = (by + y) * stride + bx;
            for (int x = 0; x < N; x++)
            {
                original[y * N + x] = _original[row + x] - 128;
                int d = plane[row + x] - _original[row + x];
                change[y * N + x] = d;
                changed |= d != 0;
            }
        }
        return changed;
    }

    /// <summary>
    /// In the full blocks selected by <paramref name="blocks"/> (indexed as <see cref="AddedCoefficients"/>; null
    /// for all), removes the change since <see cref="Capture"/> from the AC coefficients that quantise to zero in the
    /// captured plane, and scales the change at those that do not by up to <see cref="MaxGain"/> so that the block's
    /// change keeps its energy. The DC carries the block's mean, is always coded, and keeps its change.
    /// </summary>
    internal void Shape(ReadOnlySpan<int> lumaTable, bool[]? blocks)
    {
        var plane = _image.Plane(0);
        int stride = _image.PlaneWidth(0);
        Span<double> original = stackalloc double[N * N];
        Span<double> change = stackalloc double[N * N];
        Span<double> scratch = stackalloc double[N * N];
        Span<bool> coded = stackalloc bool[N * N];
        int count = BlocksAcross * BlocksDown;
        for (int b = 0; b < count; b++)
        {
            if ((blocks is not null && !blocks[b]) || !LoadBlock(b, original, change))
            {
                continue;
            }
            Transform(original, scratch, inverse: false);
            Transform(change, scratch, inverse: false);
            double removed = 0, kept = 0;
            for (int k = 1; k < N * N; k++)
            {
                coded[k] = Math.Round(original[k] / lumaTable[k]) != 0;
                if (coded[k])
                {
                    kept += change[k] * change[k];
                }
                else
                {
                    removed += change[k] * change[k];
                    change[k] = 0;
                }
            }
            if (removed == 0)
            {
                continue;
            }
            if (kept > 0)
            {
                double gain = Math.Min(MaxGain, Math.Sqrt((kept + removed) / kept));
                for (int k = 1; k < N * N; k++)
                {
                    if (coded[k])
                    {
                        change[k] *= gain;
                    }
                }
            }
            Transform(change, scratch, inverse: true);
            int bx = b % BlocksAcross * N;
            int by = b / BlocksAcross * N;
            for (int y = 0; y < N; y++)
            {
                int row = (by + y) * stride + bx;
                for (int x = 0; x < N; x++)
                {
                    plane[row + x] = (byte)Math.Clamp((int)Math.Round(_original[row + x] + change[y * N + x]), 0, 255);
                }
            }
        }
    }

    private double Psnr()
    {
        var plane = _image.Plane(0);
        int stride = _image.PlaneWidth(0);
        long squared = 0;
        for (int y = 0; y < _image.Height; y++)
        {
            for (int x = 0; x < _image.Width; x++)
            {
                int d = plane[y * stride + x] - _original[y * stride + x];
                squared += d * d;
            }
        }
        double mse = (double)squared / ((long)_image.Width * _image.Height);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>In place: the 2-D orthonormal DCT-II (or its inverse) by rows, then columns.</summary>
    private static void Transform(Span<double> block, Span<double> scratch, bool inverse)
    {
        // Each pass writes its output transposed, so two passes return to rows.
        Pass(block, scratch, inverse);
        Pass(scratch, block, inverse);
    }

    /// <summary>
    /// One pass: each row of <paramref name="source"/> times the basis, written as a column of <paramref name="target"/>.
    /// The eight outputs of a row are two vectors accumulated over the row's eight inputs, in the same order and with the
    /// same separate multiply and add as a scalar loop, so the result is bit for bit the scalar one (Sign runs this over
    /// every block of a large image: the scalar loop cost about 40 ms a megapixel).
    /// </summary>
    private static void Pass(ReadOnlySpan<double> source, Span<double> target, bool inverse)
    {
        // Row i of the matrix: what input i adds to each of the eight outputs.
        var rows = MemoryMarshal.Cast<double, Vector256<double>>(inverse ? Basis : BasisTransposed);
        for (int r = 0; r < N; r++)
        {
            var low = Vector256<double>.Zero;
            var high = Vector256<double>.Zero;
            for (int i = 0; i < N; i++)
            {
                var input = Vector256.Create(source[r * N + i]);
                low += input * rows[2 * i];
                high += input * rows[2 * i + 1];
            }
            for (int k = 0; k < 4; k++)
            {
                target[k * N + r] = low.GetElement(k);
                target[(k + 4) * N + r] = high.GetElement(k);
            }
        }
    }

    private static double[] Transposed(double[] matrix)
    {
        var transposed = new double[N * N];
        for (int u = 0; u < N; u++)
        {
            for (int x = 0; x < N; x++)
            {
                transposed[x * N + u] = matrix[u * N + x];
            }
        }
        return transposed;
    }

    private static double[] BuildBasis()
    {
        var basis = new double[N * N];
        for (int u = 0; u < N; u++)
        {
            double c = u == 0 ? Math.Sqrt(0.125) : 0.5;
            for (int x = 0; x < N; x++)
            {
                basis[u * N + x] = c * Math.Cos((2 * x + 1) * u * Math.PI / (2 * N));
            }
        }
        return basis;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_original);
}
