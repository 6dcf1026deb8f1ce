using System.Numerics;

namespace Provenance.Core.Watermark.Coding;

/// <summary>
/// A feed-forward binary convolutional code of rate 1/n, terminated with zero tail bits, and its soft-input
/// Viterbi decoder. Soft symbols follow the modulation used in the tile: bit 0 is sent as +1, bit 1 as -1, and the
/// decoder picks the codeword with the largest correlation with the received values (maximum likelihood under
/// Gaussian noise, and insensitive to the unknown signal amplitude).
/// </summary>
internal sealed partial class ConvolutionalCode
{
    private readonly int[] _generators;
    private readonly int _memory;
    private readonly int _states;
    // Output symbols (+1/-1) of each branch: [state * 2 + input][output index].
    private readonly sbyte[] _branchSymbols;

    /// <param name="constraintLength">Shift-register length including the current input bit (K).</param>
    /// <param name="generatorsOctal">Generator polynomials as octal digits written as decimal ints (e.g. 133).</param>
    public ConvolutionalCode(int constraintLength, params int[] generatorsOctal)
    {
        if (constraintLength is < 2 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(constraintLength));
        }
        _memory = constraintLength - 1;
        _states = 1 << _memory;
        _generators = generatorsOctal.Select(ParseOctal).ToArray();
        RateInverse = _generators.Length;
        _branchSymbols = new sbyte[_states * 2 * RateInverse];
        for (int state = 0; state < _states; state++)
        {
            for (int input = 0; input < 2; input++)
            {
                int register = (input << _memory) | state;
                for (int g = 0; g < RateInverse; g++)
                {
                    int bit = BitOperations.PopCount((uint)(register & _generators[g])) & 1;
                    _branchSymbols[((state * 2) + input) * RateInverse + g] = (sbyte)(bit == 0 ? 1 : -1);
                }
            }
        }
    }

    /// <summary>The industry-standard K=7 rate 1/3 code (generators 133, 171, 165 octal; free distance 15).</summary>
    public static ConvolutionalCode Standard { get; } = new(7, 133, 171, 165);

    public int RateInverse { get; }

    public int TailBits => _memory;

    public int CodedLength(int infoBits) => (infoBits + _memory) * RateInverse;

    /// <summary>Encodes info bits (0/1 values) into coded bits (0/1), tail included.</summary>
    public void Encode(ReadOnlySpan<byte> info, Span<byte> coded)
    {
        if (coded.Length != CodedLength(info.Length))
        {
            throw new ArgumentException("Coded buffer length does not match the info length.", nameof(coded));
        }
        int state = 0;
        int o = 0;
        for (int t = 0; t < info.Length + _memory; t++)
        {
            int input = t < info.Length ? info[t] & 1 : 0;
            int row = ((state * 2) + input) * RateInverse;
            for (int g = 0; g < RateInverse; g++)
            {
                coded[o++] = (byte)(_branchSymbols[row + g] > 0 ? 0 : 1);
            }
            state = NextState(state, input);
        }
    }

    /// <summary>
    /// Soft-decision Viterbi decoding: <paramref name="soft"/> holds one value per coded bit (positive means 0).
    /// Writes the most likely info bits.
    /// </summary>
    public void Decode(ReadOnlySpan<float> soft, Span<byte> info)
    {
        int steps = info.Length + _memory;
        if (soft.Length != steps * RateInverse)
        {
            throw new ArgumentException("Soft input length does not match the info length.", nameof(soft));
        }
        Span<double> metric = stackalloc double[_states];
        Span<double> next = stackalloc double[_states];
        metric.Fill(double.NegativeInfinity);
        metric[0] = 0;
        // decisions[t * states + s] = the input bit that the surviving path into s at step t shifted out (the
        // oldest register bit), which identifies its predecessor.
        var decisions = new byte[steps * _states];
        int shift = _memory - 1;
        for (int t = 0; t < steps; t++)
        {
            var received = soft.Slice(t * RateInverse, RateInverse);
            next.Fill(double.NegativeInfinity);
            bool tail = t >= info.Length;
            for (int state = 0; state < _states; state++)
            {
                double m = metric[state];
                if (double.IsNegativeInfinity(m))
                {
                    continue;
                }
                for (int input = 0; input <= (tail ? 0 : 1); input++)
                {
                    int row = ((state * 2) + input) * RateInverse;
                    double branch = 0;
                    for (int g = 0; g < RateInverse; g++)
                    {
                        branch += received[g] * _branchSymbols[row + g];
                    }
                    int target = NextState(state, input);
                    double candidate = m + branch;
                    if (candidate > next[target])
                    {
                        next[target] = candidate;
                        decisions[t * _states + target] = (byte)(state & 1);
                    }
                }
            }
            next.CopyTo(metric);
        }
        int s = 0;
        for (int t = steps - 1; t >= 0; t--)
        {
            int input = s >> shift;
            if (t < info.Length)
            {
                info[t] = (byte)input;
            }
            s = ((s << 1) & (_states - 1)) | decisions[t * _states + s];
        }
    }

    /// <summary>
    /// The free distance: the smallest Hamming weight of a path that leaves the all-zero state and returns to it.
    /// Used by tests to pin the code's guaranteed correction capacity, floor((dfree - 1) / 2).
    /// </summary>
    public int FreeDistance()
    {
        var dist = new int[_states];
        Array.Fill(dist, int.MaxValue);
        int first = NextState(0, 1);
        dist[first] = BranchWeight(0, 1);
        var done = new bool[_states];
        int best = int.MaxValue;
        while (true)
        {
            int u = -1;
            for (int s = 1; s < _states; s++)
            {
                if (!done[s] && dist[s] != int.MaxValue && (u < 0 || dist[s] < dist[u]))
                {
                    u = s;
                }
            }
            if (u < 0 || dist[u] >= best)
            {
                return best;
            }
            done[u] = true;
            for (int input = 0; input < 2; input++)
            {
                int v = NextState(u, input);
                int d = dist[u] + BranchWeight(u, input);
                if (v == 0)
                {
                    best = Math.Min(best, d);
                }
                else if (d < dist[v])
                {
                    dist[v] = d;
                }
            }
        }
    }

    private int BranchWeight(int state, int input)
    {
        int row = ((state * 2) + input) * RateInverse;
        int w = 0;
        for (int g = 0; g < RateInverse; g++)
        {
            w += _branchSymbols[row + g] < 0 ? 1 : 0;
        }
        return w;
    }

    // The register holds the newest bit at the top (bit _memory) and the oldest at bit 0; a step shifts right.
    private int NextState(int state, int input) => (state >> 1) | (input << (_memory - 1));

    private static int ParseOctal(int octalDigits)
    {
        int value = 0;
        int place = 1;
        for (int d = octalDigits; d > 0; d /= 10)
        {
            int digit = d % 10;
            if (digit > 7)
            {
                throw new ArgumentException($"{octalDigits} is not an octal number.");
            }
            value += digit * place;
            place *= 8;
        }
        return value;
    }
}
