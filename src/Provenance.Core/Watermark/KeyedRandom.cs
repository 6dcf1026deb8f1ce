using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Provenance.Core.Watermark;

/// <summary>
/// A deterministic pseudo-random stream derived from the watermark key and a purpose label
/// (HMAC-SHA256(key, label) seeds xoshiro256**). The same key and label give the same stream on every machine,
/// which is what makes embedding reproducible and detection blind. Not a cryptographic generator: the key's secrecy
/// only keeps third parties from computing the patterns.
/// </summary>
internal sealed class KeyedRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public KeyedRandom(ReadOnlySpan<byte> key, string label)
    {
        Span<byte> seed = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(label), seed);
        _s0 = BinaryPrimitives.ReadUInt64LittleEndian(seed);
        _s1 = BinaryPrimitives.ReadUInt64LittleEndian(seed[8..]);
        _s2 = BinaryPrimitives.ReadUInt64LittleEndian(seed[16..]);
        _s3 = BinaryPrimitives.ReadUInt64LittleEndian(seed[24..]);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1;
        }
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, bound), without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bound));
        }
        ulong threshold = (ulong)(-(long)bound) % (ulong)bound;
        while (true)
        {
            ulong product = (uint)(NextUInt64() >> 32) * (ulong)(uint)bound;
            if ((uint)product >= threshold)
            {
                return (int)(product >> 32);
            }
        }
    }

    public bool NextBit() => (NextUInt64() >> 63) != 0;

    /// <summary>Fisher-Yates shuffle.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
