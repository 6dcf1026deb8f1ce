namespace Provenance.Core.Watermark.Coding;

/// <summary>
/// CRC-64/XZ (ECMA-182 polynomial, reflected, init and final XOR all ones; check value of "123456789" is
/// 0x995DC9BBDF1939FA). The watermark keeps its low 48 bits as the payload check.
/// </summary>
internal static class Crc64
{
    private const ulong ReflectedPolynomial = 0xC96C5795D7870F42UL;
    private static readonly ulong[] Table = BuildTable();

    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        ulong crc = ulong.MaxValue;
        foreach (byte b in data)
        {
            crc = Table[(byte)(crc ^ b)] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (uint i = 0; i < 256; i++)
        {
            ulong c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ ReflectedPolynomial : c >> 1;
            }
            table[i] = c;
        }
        return table;
    }
}
