namespace Provenance.Core.Imaging.WebP;

/// <summary>
/// The boolean entropy decoder of VP8 (RFC 6386 section 7), enough to read the frame header of the first
/// partition. Reading past the end yields zero bits and sets <see cref="Overrun"/> instead of failing.
/// </summary>
internal ref struct Vp8BoolDecoder
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private uint _value;
    private uint _range;
    private int _bitCount;

    public Vp8BoolDecoder(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _range = 255;
        _bitCount = 0;
        _value = (uint)(NextByte() << 8 | NextByte());
        Overrun = false;
    }

    public bool Overrun { get; private set; }

    public bool ReadBool(int probability)
    {
        uint split = 1 + (((_range - 1) * (uint)probability) >> 8);
        uint bigSplit = split << 8;
        bool bit;
        if (_value >= bigSplit)
        {
            bit = true;
            _range -= split;
            _value -= bigSplit;
        }
        else
        {
            bit = false;
            _range = split;
        }
        while (_range < 128)
        {
            _value <<= 1;
            _range <<= 1;
            if (++_bitCount == 8)
            {
                _bitCount = 0;
                _value |= NextByte();
            }
        }
        return bit;
    }

    /// <summary>An unsigned n-bit literal, most significant bit first (L(n) in the RFC).</summary>
    public int ReadLiteral(int bits)
    {
        int value = 0;
        while (bits-- > 0)
        {
            value = value << 1 | (ReadBool(128) ? 1 : 0);
        }
        return value;
    }

    /// <summary>A flag followed, when set, by an n-bit magnitude and a sign bit.</summary>
    public int ReadOptionalSigned(int bits)
    {
        if (!ReadBool(128))
        {
            return 0;
        }
        int magnitude = ReadLiteral(bits);
        return ReadBool(128) ? -magnitude : magnitude;
    }

    private uint NextByte()
    {
        if (_position < _data.Length)
        {
            return _data[_position++];
        }
        Overrun = true;
        return 0;
    }
}
