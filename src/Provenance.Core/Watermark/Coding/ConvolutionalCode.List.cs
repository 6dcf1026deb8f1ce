using System.Buffers;

namespace Provenance.Core.Watermark.Coding;

internal sealed partial class ConvolutionalCode
{
    /// <summary>
    /// List Viterbi decoding (the parallel list Viterbi algorithm): keeps the <paramref name="listSize"/> best paths
    /// into every state instead of one, and writes the info bits of the <paramref name="listSize"/> best terminated
    /// paths, best first, into consecutive rows of <paramref name="infos"/> (row 0 is what <see cref="Decode"/>
    /// returns, up to ties). Returns how many rows were written (fewer only when the trellis has fewer paths).
    /// With a check on the info bits, trying the next most likely codewords when the first fails recovers words a
    /// single Viterbi pass loses by a few flipped decisions; every row tried is one more chance for a wrong word to
    /// pass the check, which the caller must count.
    /// </summary>
    public int DecodeList(ReadOnlySpan<float> soft, int listSize, Span<byte> infos)
    {
        int infoLength = infos.Length / listSize;
        int steps = infoLength + _memory;
        if (soft.Length != steps * RateInverse || infos.Length != infoLength * listSize)
        {
            throw new ArgumentException("Soft input length does not match the info length.", nameof(soft));
        }
        if (listSize is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(listSize));
        }
        int l = listSize;
        // Pooled: the detector runs this on unmarked images too, and the traceback tables are about 240 KB.
        var metric = ArrayPool<double>.Shared.Rent(_states * l);
        var next = ArrayPool<double>.Shared.Rent(_states * l);
        // Per step, state and rank: the bit the path shifted out (its predecessor) and the rank it had there.
        var fromBit = ArrayPool<byte>.Shared.Rent(steps * _states * l);
        var fromRank = ArrayPool<byte>.Shared.Rent(steps * _states * l);
        try
        {
            return Run(soft, l, infos, infoLength, steps, metric, next, fromBit, fromRank);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(metric);
            ArrayPool<double>.Shared.Return(next);
            ArrayPool<byte>.Shared.Return(fromBit);
            ArrayPool<byte>.Shared.Return(fromRank);
        }
    }

    private int Run(ReadOnlySpan<float> soft, int l, Span<byte> infos, int infoLength, int steps, double[] metric,
        double[] next, byte[] fromBit, byte[] fromRank)
    {
        Array.Fill(metric, double.NegativeInfinity, 0, _states * l);
        metric[0] = 0;
        int shift = _memory - 1;
        int mask = _states - 1;
        for (int t = 0; t < steps; t++)
        {
            var received = soft.Slice(t * RateInverse, RateInverse);
            bool tail = t >= infoLength;
            for (int s = 0; s < _states; s++)
            {
                int input = s >> shift;
                int baseIndex = (t * _states + s) * l;
                if (tail && input == 1)
                {
                    for (int r = 0; r < l; r++)
                    {
                        next[s * l + r] = double.NegativeInfinity;
                    }
                    continue;
                }
                int p0 = (s << 1) & mask;
                int p1 = p0 | 1;
                double b0 = Branch(p0, input, received);
                double b1 = Branch(p1, input, received);
                // Merge the two predecessors' sorted lists, each shifted by its branch metric.
                int i0 = 0, i1 = 0;
                for (int r = 0; r < l; r++)
                {
                    double m0 = i0 < l ? metric[p0 * l + i0] + b0 : double.NegativeInfinity;
                    double m1 = i1 < l ? metric[p1 * l + i1] + b1 : double.NegativeInfinity;
                    if (m0 >= m1)
                    {
                        next[s * l + r] = m0;
                        fromBit[baseIndex + r] = 0;
                        fromRank[baseIndex + r] = (byte)i0++;
                    }
                    else
                    {
                        next[s * l + r] = m1;
                        fromBit[baseIndex + r] = 1;
                        fromRank[baseIndex + r] = (byte)i1++;
                    }
                }
            }
            (metric, next) = (next, metric);
        }
        int found = 0;
        for (int rank = 0; rank < l && !double.IsNegativeInfinity(metric[rank]); rank++)
        {
            var info = infos.Slice(found * infoLength, infoLength);
            int s = 0;
            int r = rank;
            for (int t = steps - 1; t >= 0; t--)
            {
                if (t < infoLength)
                {
                    info[t] = (byte)(s >> shift);
                }
                int index = (t * _states + s) * l + r;
                r = fromRank[index];
                s = ((s << 1) & mask) | fromBit[index];
            }
            found++;
        }
        return found;
    }

    private double Branch(int state, int input, ReadOnlySpan<float> received)
    {
        int row = ((state * 2) + input) * RateInverse;
        double branch = 0;
        for (int g = 0; g < RateInverse; g++)
        {
            branch += received[g] * _branchSymbols[row + g];
        }
        return branch;
    }
}
