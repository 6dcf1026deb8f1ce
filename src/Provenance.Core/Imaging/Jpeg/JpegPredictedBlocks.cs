using System.Buffers;

namespace Provenance.Core.Imaging.Jpeg;

/// <summary>
/// What the mark shaper's growth prediction (<see cref="JpegMarkShaper.PredictAddedBytes"/>) has computed for the
/// blocks it sampled and the shaping (<see cref="JpegMarkShaper.Shape"/>) computes again: whether the block changed,
/// the forward transform of its change, and which coefficients the captured plane codes. A shaped Sign predicts and
/// then shapes the same plane, so a sampled block's two forward transforms need not be done twice (they are most of
/// a block's cost). Valid only while the luma plane is as it was when predicted: Sign creates one for a single
/// prediction and shaping. Holds at most <see cref="MaxBlocks"/> blocks, whole rows of them (the fine estimate's rows
/// of a megapixel are 8,192 blocks, 4 MB, rented from the shared pool); the rows beyond that are computed again.
/// </summary>
internal sealed class JpegPredictedBlocks : IDisposable
{
    /// <summary>The most blocks kept (about 8.5 MB).</summary>
    public const int MaxBlocks = 16384;

    private const int Coefficients = 64;
    private const byte Absent = 0;
    private const byte Changed = 1;
    private const byte Unchanged = 2;

    private readonly int _blocksAcross;
    private readonly byte[] _state;
    private readonly int[] _slotOfRow;
    private readonly int _rowCapacity;
    // One buffer for every kept row, rented at the first: a row's arrays rented one by one were fresh 64 KB
    // allocations each time (the pool keeps few of a size), and cost more than the transforms saved.
    private double[]? _changes;
    private ulong[]? _coded;
    private int _rowsKept;

    /// <param name="rowsToKeep">How many block rows the predictions will sample at most (before the cap).</param>
    public JpegPredictedBlocks(int blocksAcross, int blocksDown, int rowsToKeep)
    {
        _blocksAcross = blocksAcross;
        _state = new byte[blocksAcross * blocksDown];
        _slotOfRow = new int[blocksDown];
        Array.Fill(_slotOfRow, -1);
        _rowCapacity = blocksAcross == 0 ? 0 : Math.Min(rowsToKeep, MaxBlocks / blocksAcross);
    }

    /// <summary>Whether block row <paramref name="row"/> is or can be kept: false once <see cref="MaxBlocks"/> are in other rows.</summary>
    public bool CanKeepRow(int row)
    {
        if (_slotOfRow[row] >= 0)
        {
            return true;
        }
        if (_rowsKept >= _rowCapacity)
        {
            return false;
        }
        _changes ??= ArrayPool<double>.Shared.Rent(_rowCapacity * _blocksAcross * Coefficients);
        _coded ??= ArrayPool<ulong>.Shared.Rent(_rowCapacity * _blocksAcross);
        _slotOfRow[row] = _rowsKept++;
        return true;
    }

    /// <summary>Keeps block <paramref name="index"/> (its row must be kept): its change's coefficients and the captured plane's coded bits.</summary>
    public void Keep(int index, bool changed, ReadOnlySpan<double> change, ulong codedBits)
    {
        int slot = Slot(index);
        _state[index] = changed ? Changed : Unchanged;
        if (changed)
        {
            change[..Coefficients].CopyTo(_changes.AsSpan(slot * Coefficients, Coefficients));
            _coded![slot] = codedBits;
        }
    }

    /// <summary>
    /// Whether block <paramref name="index"/> was kept; if so, whether it changed and, when it did, its change's
    /// coefficients (into <paramref name="change"/>) and the coded bits.
    /// </summary>
    public bool TryGet(int index, Span<double> change, out bool changed, out ulong codedBits)
    {
        changed = false;
        codedBits = 0;
        byte state = _state[index];
        if (state == Absent)
        {
            return false;
        }
        if (state == Changed)
        {
            int slot = Slot(index);
            _changes.AsSpan(slot * Coefficients, Coefficients).CopyTo(change);
            codedBits = _coded![slot];
            changed = true;
        }
        return true;
    }

    /// <summary>Where block <paramref name="index"/> of a kept row sits in the buffers.</summary>
    private int Slot(int index) => _slotOfRow[index / _blocksAcross] * _blocksAcross + index % _blocksAcross;

    public void Dispose()
    {
        if (_changes is not null)
        {
            ArrayPool<double>.Shared.Return(_changes);
            ArrayPool<ulong>.Shared.Return(_coded!);
            _changes = null;
            _coded = null;
        }
    }
}
