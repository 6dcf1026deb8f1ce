using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// Signed bytes before the manifest over input bytes above which the mark is shaped (predicted: the input's bytes
    /// plus <see cref="PredictAddedBytes"/>, which leaves out the few per cent an unmarked re-encode may differ by). With the manifest (about
    /// 3 KB) on top, the corpus's median stays under the 1.08 and its worst case under 1.30 (bench
    /// jpeg-growth). A file over it is shaped in every block, not in just enough blocks to meet it: tried, that left
    /// the shaped files just under the budget and the median at 1.085 for budgets 1.08-1.15, and the robustness
    /// harness lost the same trials (the photos that need shaping need nearly all of it).
    /// </summary>
    public const double GrowthBudget = 1.15;

    /// <summary>
    /// Images whose shorter side is under this are not held to <see cref="GrowthBudget"/>: their marks are folded from
    /// few tiles and have the least margin (Sign reads them back, ContentSigner.ReadBackBelowShortSide), and in the
    /// harness home.jpg (512 x 384) shaped in every block lost 19 trials of 84 at q85 where it had lost none. They are
    /// shaped only as far as <see cref="SmallImageMaxGrowth"/> needs.
    /// </summary>
    public const int MinShortSide = 512;

    /// <summary>How much a block's coded coefficients may be amplified to give back the energy its zero coefficients lost.</summary>
    public const double MaxGain = 2;

    /// <summary>
    /// The fine growth estimate reads every <c>SampleStep</c>-th row of blocks: the decision needs the picture's average,
    /// not every block (every fourth row missed FreshFlower@q95 by 2% of its input; every second, by 1.5%).
    /// </summary>
    internal const int SampleStep = 2;

    private const int N = 8;

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
    /// Encodes the marked image with <paramref name="encode"/>, once. When the image is not small and the mark is
    /// predicted (<see cref="PredictAddedBytes"/>) to make the encode larger than <see cref="GrowthBudget"/> x
    /// <paramref name="inputBytes"/>, the mark is first shaped in every block (<see cref="Shape"/>). Returns the encode
    /// and, in <paramref name="psnrDb"/>, the PSNR (dB, 8-bit) of the luma it holds against the captured plane.
    /// <paramref name="encode"/> is told whether any block was shaped: a shaped file is already held to its budget.
    /// </summary>
    /// <param name="lumaTable">The encoder's luma quantisation steps, natural order (what the re-encode quantises with).</param>
    /// <param name="metadataGrowth">
    /// Bytes the encode's metadata adds to the input's (Sign's AIGC label in the XMP, several hundred), which the first
    /// encode that used to decide included; a file can be over the budget by about that much alone.
    /// </param>
    public byte[] EncodeWithinBudget(long inputBytes, ReadOnlySpan<int> lumaTable, Func<bool, byte[]> encode, out double psnrDb,
        long metadataGrowth = 0)
    {
        CheckTable(lumaTable);
        bool shaped = false;
        // Sign used to encode first, and to shape and encode again when that encode was over budget; the prediction
        // is within 1.5% of the input's bytes of that encode on the corpus (JpegGrowthPredictionTests) and saves an
        // encode, a third of a shaped Sign (docs/watermark.md, "Signed JPEG size").
        if (Math.Min(_image.Width, _image.Height) >= MinShortSide)
        {
            // The prediction's transforms of the blocks it samples, for the shaping of the same plane.
            using var predicted = new JpegPredictedBlocks(BlocksAcross, BlocksDown, (BlocksDown + SampleStep - 1) / SampleStep);
            if (OverBudget(inputBytes, metadataGrowth, lumaTable, predicted))
            {
                Shape(lumaTable, blocks: null, predicted: predicted);
                shaped = true;
            }
        }
        else if (SmallImageCeiling(inputBytes) is var ceiling && ceiling >= (long)(inputBytes * GrowthBudget))
        {
            // Below that the manifest and label are too large a share of the file for the pixels to make up for
            // (a 128 px photo of a few KB): shaping would take the whole mark and still miss the maximum. Such a
            // file is left as drawn, and its mark read back (a 128 px Dune.jpg, shaped, did not read).
            shaped = ShapeSmallestLoss(lumaTable, inputBytes, ceiling);
        }
        var encoded = encode(shaped);
        psnrDb = Psnr();
        return encoded;
    }

    /// <summary>
    /// The most a small image's signed file may grow (the maximum): under <see cref="MinShortSide"/> the mark
    /// is not held to <see cref="GrowthBudget"/>, but shaped in as few blocks as keep the file under this
    /// (<see cref="ShapeSmallestLoss"/>). home.jpg (512 x 384) grew to 1.46x at q95 unshaped and lost 19 of 84 harness
    /// trials shaped in every block; shaped this way it signs at 1.28x and lost none (docs/watermark.md).
    /// </summary>
    public const double SmallImageMaxGrowth = 1.30;

    /// <summary>
    /// Bytes kept free under <see cref="SmallImageMaxGrowth"/> for what is added after the pixels: the manifest store
    /// (3,052 bytes with the example key set) and the AIGC label in the XMP (several hundred). A fixed allowance rather
    /// than Sign's own figures, so that the robustness harness, which writes neither, shapes as Sign does.
    /// </summary>
    internal const int ManifestAllowance = 4096;

    /// <summary>The prediction's error, as a share of the input's bytes, kept free under the ceiling (measured: up to 1.5%).</summary>
    private const double PredictionMargin = 0.02;

    private static long SmallImageCeiling(long inputBytes) =>
        (long)(inputBytes * (SmallImageMaxGrowth - PredictionMargin)) - ManifestAllowance;

    /// <summary>
    /// Shapes as few blocks as bring the predicted encode under <paramref name="ceiling"/> bytes. Blocks go in order
    /// of coefficients added per unit of mark energy at zero coefficients (the energy shaping takes from a block before
    /// its gain gives some back): the bytes saved for the least mark lost. Each round shapes about the bytes still over
    /// (at the picture's average bytes per added coefficient) and predicts again; a few rounds reach the ceiling.
    /// Returns whether any block was shaped.
    /// </summary>
    private bool ShapeSmallestLoss(ReadOnlySpan<int> lumaTable, long inputBytes, long ceiling)
    {
        long added = PredictAddedBytes(lumaTable, rowStep: 1);
        if (inputBytes + added <= ceiling)
        {
            return false;
        }
        var (counts, energies) = BlockCosts(lumaTable);
        long totalCount = counts.Sum(c => (long)c);
        if (totalCount == 0)
        {
            return false;
        }
        double bytesPerCoefficient = (double)added / totalCount;
        var order = Enumerable.Range(0, counts.Length).Where(b => counts[b] > 0)
            .OrderByDescending(b => counts[b] / (energies[b] + 1e-9)).ToArray();
        var selected = new bool[counts.Length];
        double need = inputBytes + added - ceiling;
        int next = 0;
        bool shaped = false;
        for (int round = 0; round < 8 && need > 0 && next < order.Length; round++)
        {
            double saved = 0;
            var chosen = new bool[counts.Length];
            while (next < order.Length && saved < need * 1.1)
            {
                int b = order[next++];
                chosen[b] = selected[b] = true;
                saved += counts[b] * bytesPerCoefficient;
            }
            Shape(lumaTable, chosen);
            shaped = true;
            need = inputBytes + PredictAddedBytes(lumaTable, rowStep: 1) - ceiling;
        }
        return shaped;
    }

    /// <summary>Per full block: the coefficients the mark adds, and the energy of the mark at the captured plane's zero coefficients.</summary>
    private (int[] Counts, double[] Energies) BlockCosts(ReadOnlySpan<int> lumaTable)
    {
        var counts = new int[BlocksAcross * BlocksDown];
        var energies = new double[counts.Length];
        Span<double> original = stackalloc double[N * N];
        Span<double> change = stackalloc double[N * N];
        Span<double> scratch = stackalloc double[N * N];
        for (int b = 0; b < counts.Length; b++)
        {
            if (!LoadBlock(b, original, change))
            {
                continue;
            }
            JpegBlockDct.Forward(original, scratch);
            JpegBlockDct.Forward(change, scratch);
            for (int k = 1; k < N * N; k++)
            {
                if (Math.Round(original[k] / lumaTable[k]) == 0)
                {
                    energies[b] += change[k] * change[k];
                    if (Math.Round((original[k] + change[k]) / lumaTable[k]) != 0)
                    {
                        counts[b]++;
                    }
                }
            }
        }
        return (counts, energies);
    }

    /// <summary>
    /// Whether the predicted encode is over <see cref="GrowthBudget"/>. Most photos are far from it either way (a busy
    /// photo grows a few per cent, a smooth one tens of per cent), so a first estimate from every
    /// <see cref="QuickSampleStep"/>-th row of blocks decides those; only a file whose growth it puts within half the
    /// budget's margin of the budget is predicted again from every <see cref="SampleStep"/>-th row. An unshaped Sign
    /// would otherwise pay a prediction it did not need before (the first encode decided it).
    /// </summary>
    private bool OverBudget(long inputBytes, long metadataGrowth, ReadOnlySpan<int> lumaTable, JpegPredictedBlocks predicted)
    {
        double margin = (GrowthBudget - 1) / 2 * inputBytes;
        long budget = (long)(inputBytes * GrowthBudget);
        long quick = inputBytes + metadataGrowth + PredictAddedBytes(lumaTable, QuickSampleStep, predicted);
        if (Math.Abs(quick - budget) > margin)
        {
            return quick > budget;
        }
        return inputBytes + metadataGrowth + PredictAddedBytes(lumaTable, SampleStep, predicted) > budget;
    }

    /// <summary>The row step of the first, coarse growth estimate (<see cref="OverBudget"/>).</summary>
    internal const int QuickSampleStep = 16;

    /// <summary>
    /// About how many bytes the mark adds to the luma of an encode at <paramref name="lumaTable"/> over an encode of the
    /// captured plane: the bits (<see cref="JpegLumaBitEstimate"/>) of the marked full blocks less those of the
    /// captured ones, over every <see cref="SampleStep"/>-th row of blocks, scaled to all rows. (Whole rows, so that
    /// the DC differences are the file's: at high qualities the mark moves a block's DC by a few steps.)
    /// </summary>
    /// <param name="keep">Where to keep the sampled blocks' transforms for a <see cref="Shape"/> of the same plane (null: nowhere).</param>
    internal long PredictAddedBytes(ReadOnlySpan<int> lumaTable, int rowStep = SampleStep, JpegPredictedBlocks? keep = null)
    {
        CheckTable(lumaTable);
        // Only the shaping's vector path reads them back.
        keep = Avx.IsSupported ? keep : null;
        var before = new JpegLumaBitEstimate();
        var after = new JpegLumaBitEstimate();
        Span<double> original = stackalloc double[N * N];
        Span<double> change = stackalloc double[N * N];
        Span<double> scratch = stackalloc double[N * N];
        Span<int> quantised = stackalloc int[N * N];
        Span<double> steps = stackalloc double[N * N];
        Span<double> halfSteps = stackalloc double[N * N];
        Span<double> coded = stackalloc double[N * N];
        for (int k = 0; k < N * N; k++)
        {
            steps[k] = lumaTable[k];
            halfSteps[k] = lumaTable[k] / 2.0;
        }
        int sampledRows = 0;
        for (int by = 0; by < BlocksDown; by += rowStep)
        {
            sampledRows++;
            before.StartRow();
            after.StartRow();
            bool keepRow = keep is not null && keep.CanKeepRow(by);
            for (int bx = 0; bx < BlocksAcross; bx++)
            {
                // An unchanged block counts too: its symbols weigh in the frequencies both estimates code with.
                int index = by * BlocksAcross + bx;
                bool changed = LoadBlock(index, original, change);
                JpegBlockDct.Forward(original, scratch);
                if (changed)
                {
                    JpegBlockDct.Forward(change, scratch);
                }
                if (keepRow)
                {
                    keep!.Keep(index, changed, change, changed ? CodedMask(original, halfSteps, coded, useVectors: true) : 0);
                }
                Quantise(original, steps, quantised);
                before.AddBlock(quantised);
                if (changed)
                {
                    for (int k = 0; k < N * N; k++)
                    {
                        change[k] += original[k];
                    }
                    Quantise(change, steps, quantised);
                }
                after.AddBlock(quantised);
            }
        }
        if (sampledRows == 0)
        {
            return 0;
        }
        double scale = (double)BlocksDown / sampledRows;
        return (long)Math.Round((after.Bits - before.Bits) * scale / 8);
    }

    /// <summary><paramref name="quantised"/>[k] = round(coefficient / step), half to even.</summary>
    private static void Quantise(ReadOnlySpan<double> coefficients, ReadOnlySpan<double> steps, Span<int> quantised)
    {
        if (Avx.IsSupported)
        {
            var c = MemoryMarshal.Cast<double, Vector256<double>>(coefficients);
            var q = MemoryMarshal.Cast<double, Vector256<double>>(steps);
            var target = MemoryMarshal.Cast<int, Vector128<int>>(quantised);
            for (int j = 0; j < N * N / 4; j++)
            {
                target[j] = Avx.ConvertToVector128Int32WithTruncation(Vector256.Round(c[j] / q[j]));
            }
            return;
        }
        for (int k = 0; k < N * N; k++)
        {
            quantised[k] = (int)Math.Round(coefficients[k] / steps[k]);
        }
    }

    private static void CheckTable(ReadOnlySpan<int> lumaTable)
    {
        if (lumaTable.Length != N * N)
        {
            throw new ArgumentException("a quantisation table has 64 entries", nameof(lumaTable));
        }
    }

    /// <summary>
    /// For every full block (row by row), how many AC coefficients quantise to zero in the captured plane and not
    /// in the marked one: the coefficients the mark adds to the file.
    /// </summary>
    internal int[] AddedCoefficients(ReadOnlySpan<int> lumaTable) => BlockCosts(lumaTable).Counts;

    private int BlocksAcross => _image.Width / N;

    private int BlocksDown => _image.Height / N;

    /// <summary>Block <paramref name="index"/>: the captured samples minus 128 and the change since; false when nothing changed.</summary>
    private bool LoadBlock(int index, Span<double> original, Span<double> change, bool useVectors = true)
    {
        var plane = _image.Plane(0);
        int stride = _image.PlaneWidth(0);
        int bx = index % BlocksAcross * N;
        int by = index / BlocksAcross * N;
        if (useVectors && Avx.IsSupported)
        {
            var o = MemoryMarshal.Cast<double, Vector256<double>>(original);
            var c = MemoryMarshal.Cast<double, Vector256<double>>(change);
            var offset = Vector256.Create(128.0);
            bool differs = false;
            for (int y = 0; y < N; y++)
            {
                int row = (by + y) * stride + bx;
                ulong before = BitConverter.ToUInt64(_original.AsSpan(row, N));
                ulong after = BitConverter.ToUInt64(plane.Slice(row, N));
                differs |= before != after;
                // Exact, as the scalar int arithmetic is.
                var (b0, b1) = ToDoubles(before);
                var (a0, a1) = ToDoubles(after);
                o[2 * y] = b0 - offset;
                o[2 * y + 1] = b1 - offset;
                c[2 * y] = a0 - b0;
                c[2 * y + 1] = a1 - b1;
            }
            return differs;
        }
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
    /// <param name="useVectors">
    /// False for the scalar loops the vector ones must match bit for bit (a test holds the planes equal): Sign shapes
    /// every block of a large image, and the scalar loops, their branches unpredictable, cost more than an encode.
    /// </param>
    /// <param name="predicted">
    /// Blocks whose transforms a <see cref="PredictAddedBytes"/> of this same plane kept (null: none); the vector path
    /// takes them from there instead of transforming them again.
    /// </param>
    internal void Shape(ReadOnlySpan<int> lumaTable, bool[]? blocks, bool useVectors = true, JpegPredictedBlocks? predicted = null)
    {
        CheckTable(lumaTable);
        Span<double> halfSteps = stackalloc double[N * N];
        for (int k = 0; k < N * N; k++)
        {
            halfSteps[k] = lumaTable[k] / 2.0;
        }
        if (useVectors && Avx.IsSupported)
        {
            ShapeInGroups(halfSteps, blocks, predicted);
        }
        else
        {
            ShapeOneByOne(halfSteps, blocks);
        }
    }

    /// <summary>The definition: each block on its own, in scalar loops. <see cref="ShapeInGroups"/> must give the same plane.</summary>
    private void ShapeOneByOne(ReadOnlySpan<double> halfSteps, bool[]? blocks)
    {
        var plane = _image.Plane(0);
        int stride = _image.PlaneWidth(0);
        Span<double> original = stackalloc double[N * N];
        Span<double> change = stackalloc double[N * N];
        Span<double> scratch = stackalloc double[N * N];
        Span<double> coded = stackalloc double[N * N];
        int count = BlocksAcross * BlocksDown;
        for (int b = 0; b < count; b++)
        {
            if ((blocks is not null && !blocks[b]) || !LoadBlock(b, original, change, useVectors: false))
            {
                continue;
            }
            JpegBlockDct.Forward(original, scratch);
            JpegBlockDct.Forward(change, scratch);
            // 1 where the captured plane codes the coefficient, 0 where it quantises it to zero.
            CodedMask(original, halfSteps, coded, useVectors: false);
            double removed = 0, kept = 0;
            for (int k = 1; k < N * N; k++)
            {
                // Branch-free and in index order, as the sums were with branches: adding a product with 0 changes nothing.
                double energy = change[k] * change[k];
                kept += energy * coded[k];
                removed += energy - energy * coded[k];
            }
            if (removed == 0)
            {
                continue;
            }
            ScaleCoded(change, coded, Gain(kept, removed), useVectors: false);
            JpegBlockDct.Inverse(change, scratch);
            StoreBlock(b, change, plane, stride, useVectors: false);
        }
    }

    /// <summary>
    /// What <see cref="ShapeOneByOne"/> does, in vector loops and <see cref="JpegShapingEnergy.Blocks"/> blocks at a
    /// time: the blocks that take part are transformed one by one and their energy sums taken side by side, which
    /// were a quarter of the shaping's time one block at a time (each a chain of 63 dependent adds). A block's
    /// result depends on its own samples only, so waiting for the group to fill changes nothing.
    /// </summary>
    private void ShapeInGroups(ReadOnlySpan<double> halfSteps, bool[]? blocks, JpegPredictedBlocks? predicted)
    {
        const int Group = JpegShapingEnergy.Blocks;
        var plane = _image.Plane(0);
        int stride = _image.PlaneWidth(0);
        Span<double> original = stackalloc double[N * N];
        Span<double> coefficients = stackalloc double[N * N];
        Span<double> scratch = stackalloc double[N * N];
        Span<double> changes = stackalloc double[Group * N * N];
        Span<double> coded = stackalloc double[Group * N * N];
        Span<int> members = stackalloc int[Group];
        Span<ulong> codedBits = stackalloc ulong[Group];
        double upperEnergyLimit = UpperHalfEnergyLimit(halfSteps);
        int filled = 0;
        int count = BlocksAcross * BlocksDown;
        for (int b = 0; b < count; b++)
        {
            if (blocks is not null && !blocks[b])
            {
                continue;
            }
            var change = changes.Slice(filled * N * N, N * N);
            var codedHere = coded.Slice(filled * N * N, N * N);
            if (predicted is not null && predicted.TryGet(b, change, out bool changed, out ulong bits))
            {
                if (!changed)
                {
                    continue;
                }
                CodedFromBits(bits, codedHere);
                codedBits[filled] = bits;
            }
            else
            {
                if (!LoadBlock(b, original, change))
                {
                    continue;
                }
                JpegBlockDct.Forward(change, scratch);
                codedBits[filled] = InputCodedMask(original, halfSteps, upperEnergyLimit, coefficients, scratch, codedHere);
            }
            members[filled++] = b;
            if (filled == Group)
            {
                ShapeGroup(members[..filled], codedBits, changes, coded, scratch, plane, stride);
                filled = 0;
            }
        }
        if (filled > 0)
        {
            ShapeGroup(members[..filled], codedBits, changes, coded, scratch, plane, stride);
        }
    }

    /// <summary>
    /// Shapes the blocks <paramref name="members"/>, whose change coefficients and coded masks (as doubles and as
    /// bits) are the first slots of <paramref name="changes"/>, <paramref name="coded"/> and <paramref name="codedBits"/>.
    /// </summary>
    private void ShapeGroup(ReadOnlySpan<int> members, ReadOnlySpan<ulong> codedBits, Span<double> changes, ReadOnlySpan<double> coded,
        Span<double> scratch, Span<byte> plane, int stride)
    {
        // Lanes past the members hold an earlier group's values: summed, never used.
        JpegShapingEnergy.Sums(changes, coded, out var keptSums, out var removedSums);
        for (int j = 0; j < members.Length; j++)
        {
            double removed = removedSums.GetElement(j);
            if (removed == 0)
            {
                continue;
            }
            var change = changes.Slice(j * N * N, N * N);
            ScaleCoded(change, coded.Slice(j * N * N, N * N), Gain(keptSums.GetElement(j), removed), useVectors: true);
            // Only the DC and the coded coefficients are left (a few, in the blocks that are shaped for their growth).
            JpegBlockDct.InverseSparse(change, codedBits[j] | 1, scratch);
            StoreBlock(members[j], change, plane, stride, useVectors: true);
        }
    }

    /// <summary>The factor on a block's coded change that gives back the energy removed, at most <see cref="MaxGain"/>.</summary>
    private static double Gain(double kept, double removed) =>
        kept > 0 ? Math.Min(MaxGain, Math.Sqrt((kept + removed) / kept)) : 1;

    /// <summary>
    /// <paramref name="coded"/>[k] = 1 where round(coefficient / step) is not zero, else 0; returned as bit k. Taken
    /// as |coefficient| &gt; step / 2, without the division: the rounded quotient of a double by an integer step is 0.5
    /// or less (which rounds to zero, half to even) exactly when the double is at most half the step, since the next
    /// double above half a step divides to more than 0.5 plus half an ulp. So this is the division's answer, bit for bit.
    /// </summary>
    private static ulong CodedMask(ReadOnlySpan<double> coefficients, ReadOnlySpan<double> halfSteps, Span<double> coded, bool useVectors)
    {
        ulong bits = 0;
        if (useVectors)
        {
            var c = MemoryMarshal.Cast<double, Vector256<double>>(coefficients);
            var h = MemoryMarshal.Cast<double, Vector256<double>>(halfSteps);
            var m = MemoryMarshal.Cast<double, Vector256<double>>(coded);
            for (int j = 0; j < N * N / 4; j++)
            {
                var isCoded = Vector256.GreaterThan(Vector256.Abs(c[j]), h[j]);
                m[j] = Vector256.ConditionalSelect(isCoded, Vector256<double>.One, Vector256<double>.Zero);
                bits |= (ulong)isCoded.ExtractMostSignificantBits() << (4 * j);
            }
            return bits;
        }
        for (int k = 0; k < N * N; k++)
        {
            bool isCoded = Math.Round(coefficients[k] / (2 * halfSteps[k])) != 0;
            coded[k] = isCoded ? 1 : 0;
            bits |= (isCoded ? 1UL : 0) << k;
        }
        return bits;
    }

    /// <summary>
    /// <see cref="CodedMask"/> of <see cref="JpegBlockDct.Forward"/> of <paramref name="samples"/> (a captured block
    /// less 128), transforming its high horizontal frequencies (u = 4-7) only when they may hold a coded coefficient.
    /// Most of a photo that grows too much is smooth, its coded coefficients at low frequencies: on the Garden crop the
    /// high half of 99% of the blocks has too little energy for any coefficient to reach half a step. That energy is
    /// the block's AC energy, exact from the integer samples (Parseval), less that of the low half's AC coefficients;
    /// <see cref="UpperHalfEnergyLimit"/> leaves margins far beyond the transform's rounding, so a block passed over
    /// has no coded coefficient there in the full transform either, and the mask is the full transform's bit for bit.
    /// </summary>
    internal static ulong InputCodedMask(ReadOnlySpan<double> samples, ReadOnlySpan<double> halfSteps, double upperEnergyLimit,
        Span<double> coefficients, Span<double> scratch, Span<double> coded)
    {
        JpegBlockDct.ForwardHalf(samples, coefficients, scratch, upperHalf: false);
        var s = MemoryMarshal.Cast<double, Vector256<double>>(samples);
        var c = MemoryMarshal.Cast<double, Vector256<double>>(coefficients);
        var sum = Vector256<double>.Zero;
        var squares = Vector256<double>.Zero;
        for (int j = 0; j < N * N / 4; j++)
        {
            // Whole numbers under 2^27 throughout: exact.
            sum += s[j];
            squares += s[j] * s[j];
        }
        double total = Vector256.Sum(sum);
        double acEnergy = (N * N * Vector256.Sum(squares) - total * total) / (N * N);
        var lowSquares = Vector256<double>.Zero;
        for (int v = 0; v < N; v++)
        {
            lowSquares += c[2 * v] * c[2 * v];
        }
        double lowAcEnergy = Vector256.Sum(lowSquares) - coefficients[0] * coefficients[0];
        if (acEnergy - lowAcEnergy < upperEnergyLimit)
        {
            for (int v = 0; v < N; v++)
            {
                c[2 * v + 1] = Vector256<double>.Zero;
            }
        }
        else
        {
            JpegBlockDct.ForwardHalf(samples, coefficients, scratch, upperHalf: true);
        }
        return CodedMask(coefficients, halfSteps, coded, useVectors: true);
    }

    /// <summary>
    /// The energy below which the high horizontal half of a block's transform holds no coded coefficient: (h − 1e-6)² −
    /// 1e-3 for the least half step h there. A coefficient's double is within 1e-11 of the exact transform's (samples
    /// within ±128, basis at most 0.5: sums of 512 then 2048 in magnitude, 16 roundings), so the low half's energy is
    /// within 1e-6 of its exact value and every high coefficient within 1e-10 of at most the square root of the rest.
    /// </summary>
    internal static double UpperHalfEnergyLimit(ReadOnlySpan<double> halfSteps)
    {
        double least = double.MaxValue;
        for (int k = 0; k < N * N; k++)
        {
            if (k % N >= N / 2)
            {
                least = Math.Min(least, halfSteps[k]);
            }
        }
        double amplitude = least - 1e-6;
        return amplitude > 0 ? amplitude * amplitude - 1e-3 : double.MinValue;
    }

    /// <summary><paramref name="coded"/>[k] = 1 where bit k of <paramref name="bits"/> is set, else 0: <see cref="CodedMask"/>'s doubles from its bits.</summary>
    private static void CodedFromBits(ulong bits, Span<double> coded)
    {
        var m = MemoryMarshal.Cast<double, Vector256<double>>(coded);
        var patterns = CodedPatterns;
        for (int j = 0; j < N * N / 4; j++)
        {
            m[j] = patterns[(int)(bits >> (4 * j)) & 0xF];
        }
    }

    // [v]: lane t is 1 where bit t of v is set, else 0.
    private static readonly Vector256<double>[] CodedPatterns = Enumerable.Range(0, 16)
        .Select(v => Vector256.Create((double)(v & 1), (v >> 1) & 1, (v >> 2) & 1, (v >> 3) & 1))
        .ToArray();

    /// <summary>The AC change times <paramref name="gain"/> where coded, zero elsewhere; the DC as it was.</summary>
    private static void ScaleCoded(Span<double> change, ReadOnlySpan<double> coded, double gain, bool useVectors)
    {
        double dc = change[0];
        if (useVectors)
        {
            var c = MemoryMarshal.Cast<double, Vector256<double>>(change);
            var m = MemoryMarshal.Cast<double, Vector256<double>>(coded);
            var g = Vector256.Create(gain);
            for (int j = 0; j < N * N / 4; j++)
            {
                c[j] = Vector256.ConditionalSelect(Vector256.Equals(m[j], Vector256<double>.Zero), Vector256<double>.Zero, c[j] * g);
            }
        }
        else
        {
            for (int k = 0; k < N * N; k++)
            {
                change[k] = coded[k] != 0 ? change[k] * gain : 0;
            }
        }
        change[0] = dc;
    }

    /// <summary>Eight bytes (a block row, first byte lowest) as two vectors of four doubles, exactly.</summary>
    private static (Vector256<double> Left, Vector256<double> Right) ToDoubles(ulong eightBytes)
    {
        var ints = Vector256.WidenLower(Vector128.WidenLower(Vector128.CreateScalar(eightBytes).AsByte()).ToVector256()).AsInt32();
        return (Avx.ConvertToVector256Double(ints.GetLower()), Avx.ConvertToVector256Double(ints.GetUpper()));
    }

    /// <summary>Writes the captured samples plus <paramref name="change"/>, rounded and clamped, into block <paramref name="index"/>.</summary>
    private void StoreBlock(int index, ReadOnlySpan<double> change, Span<byte> plane, int stride, bool useVectors)
    {
        int bx = index % BlocksAcross * N;
        int by = index / BlocksAcross * N;
        if (useVectors)
        {
            var c = MemoryMarshal.Cast<double, Vector256<double>>(change);
            for (int y = 0; y < N; y++)
            {
                int row = (by + y) * stride + bx;
                // The captured byte as a double plus the change, as the scalar loop adds them; then eight bytes at once.
                var (capturedLeft, capturedRight) = ToDoubles(BitConverter.ToUInt64(_original.AsSpan(row, N)));
                var left = Vector256.Round(capturedLeft + c[2 * y]);
                var right = Vector256.Round(capturedRight + c[2 * y + 1]);
                // Whole numbers, so truncating is exact; the saturating packs clamp to 0..255 as the scalar loop does
                // (a double clamp was IEEE 754-2019 min and max, several instructions each).
                var leftInts = Avx.ConvertToVector128Int32WithTruncation(left);
                var rightInts = Avx.ConvertToVector128Int32WithTruncation(right);
                var shorts = Sse2.PackSignedSaturate(leftInts, rightInts);
                var bytes = Sse2.PackUnsignedSaturate(shorts, shorts);
                MemoryMarshal.Write(plane.Slice(row, N), bytes.AsUInt64().ToScalar());
            }
            return;
        }
        for (int y = 0; y < N; y++)
        {
            int row = (by + y) * stride + bx;
            for (int x = 0; x < N; x++)
            {
                plane[row + x] = (byte)Math.Clamp((int)Math.Round(_original[row + x] + change[y * N + x]), 0, 255);
            }
        }
    }

    /// <summary>The PSNR (dB, 8-bit) of the luma plane against the captured one, over the image's pixels.</summary>
    internal double Psnr(bool useVectors = true)
    {
        var plane = _image.Plane(0);
        int stride = _image.PlaneWidth(0);
        long squared = 0;
        for (int y = 0; y < _image.Height; y++)
        {
            squared += SquaredDifference(plane.Slice(y * stride, _image.Width), _original.AsSpan(y * stride, _image.Width), useVectors);
        }
        double mse = (double)squared / ((long)_image.Width * _image.Height);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Sum of squared differences of two rows (a megapixel's scalar loop cost about a fifth of a JPEG round trip).</summary>
    private static long SquaredDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, bool useVectors)
    {
        int x = 0;
        long sum = 0;
        if (useVectors && Avx2.IsSupported)
        {
            // Each int lane gains at most 2 x 255^2 a step: a row of up to 2^14 vectors cannot overflow it.
            var total = Vector256<int>.Zero;
            for (; x + 32 <= a.Length; x += 32)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.Create(a.Slice(x, 32)));
                var (bLow, bHigh) = Vector256.Widen(Vector256.Create(b.Slice(x, 32)));
                var low = aLow.AsInt16() - bLow.AsInt16();
                var high = aHigh.AsInt16() - bHigh.AsInt16();
                total += Avx2.MultiplyAddAdjacent(low, low) + Avx2.MultiplyAddAdjacent(high, high);
            }
            sum = Vector256.Sum(Vector256.WidenLower(total)) + Vector256.Sum(Vector256.WidenUpper(total));
        }
        for (; x < a.Length; x++)
        {
            int d = a[x] - b[x];
            sum += d * d;
        }
        return sum;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_original);
}
