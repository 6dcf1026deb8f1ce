using System.Buffers;

namespace Provenance.Core.Watermark.Signal;

/// <summary>
/// Separable box blur of radius r (window 2r+1) with edge clamping, one row at a time: rows go in top to bottom,
/// each blurred horizontally into a ring of the last 2r+1 rows, and a blurred row can be taken out once the rows
/// its vertical window reaches are in. Each pass sums the 2r+1 taps in order (left to right, top to bottom) in
/// float and scales by 1/(2r+1): a direct sum rather than a running one, so every output is independent of its
/// neighbours and the rows vectorise. Only the rows a window needs stay in memory, which keeps a chain of filters
/// (<see cref="Whitening"/>) in cache; <see cref="PlaneFilters.BoxBlur"/> runs it over a whole plane.
/// </summary>
internal sealed class StreamingBoxBlur : IDisposable
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _radius;
    private readonly int _taps;
    private readonly float _inverse;
    private readonly bool _useVectors;
    private readonly float[] _ring;
    private readonly float[] _line;
    private readonly int[] _offsets;

    public StreamingBoxBlur(int width, int height, int radius, bool useVectors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        _width = width;
        _height = height;
        _radius = radius;
        _taps = 2 * radius + 1;
        _inverse = 1f / _taps;
        _useVectors = useVectors;
        _ring = ArrayPool<float>.Shared.Rent(_taps * width);
        _line = ArrayPool<float>.Shared.Rent(width + 2 * radius);
        _offsets = new int[_taps];
    }

    /// <summary>Adds row <paramref name="y"/> (rows must come in order, each once).</summary>
    public void Push(int y, ReadOnlySpan<float> row)
    {
        _line.AsSpan(0, _radius).Fill(row[0]);
        row.CopyTo(_line.AsSpan(_radius));
        _line.AsSpan(_radius + _width, _radius).Fill(row[_width - 1]);
        PlaneFilters.SumTaps(_line, 0, _taps, _ring.AsSpan(y % _taps * _width, _width), _inverse, _useVectors);
    }

    /// <summary>The blurred row <paramref name="y"/>; rows up to min(y + radius, height - 1) must have been pushed.</summary>
    public void Take(int y, Span<float> dst)
    {
        for (int k = 0; k < _taps; k++)
        {
            _offsets[k] = Math.Clamp(y + k - _radius, 0, _height - 1) % _taps * _width;
        }
        PlaneFilters.SumRows(_ring, _offsets, dst, _inverse, _useVectors);
    }

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(_ring);
        ArrayPool<float>.Shared.Return(_line);
    }
}
