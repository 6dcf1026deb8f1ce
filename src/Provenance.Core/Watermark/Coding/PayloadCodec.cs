using System.Buffers.Binary;

namespace Provenance.Core.Watermark.Coding;

/// <summary>
/// The watermark payload: a 64-bit ID and a 48-bit check (the low 48 bits of its CRC-64/XZ), whitened by a keyed
/// mask and protected by the K=7 rate 1/3 convolutional code: 112 info bits, 354 coded bits.
/// The keyed whitening makes the decoded word of an unmarked image (or of one marked under another key) a
/// pseudo-random 112-bit string, so each decoding attempt passes the check with probability 2^-48; the detector's
/// false-accept bound rests on that (docs/watermark.md).
/// </summary>
internal sealed class PayloadCodec
{
    public const int IdBits = 64;
    public const int CheckBits = 48;
    public const int InfoBits = IdBits + CheckBits;
    private const ulong CheckMask = (1UL << CheckBits) - 1;

    private readonly byte[] _whitening;

    public PayloadCodec(ReadOnlySpan<byte> whitening)
    {
        if (whitening.Length != InfoBits)
        {
            throw new ArgumentException($"The whitening mask must hold {InfoBits} bits.", nameof(whitening));
        }
        _whitening = whitening.ToArray();
    }

    public static ConvolutionalCode Code => ConvolutionalCode.Standard;

    public static int CodedBits { get; } = Code.CodedLength(InfoBits);

    public static ulong Check(ulong id)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, id);
        return Crc64.Compute(bytes) & CheckMask;
    }

    /// <summary>Coded bits (0/1) for <paramref name="id"/>.</summary>
    public void Encode(ulong id, Span<byte> coded)
    {
        Span<byte> info = stackalloc byte[InfoBits];
        WriteInfo(id, Check(id), info);
        for (int i = 0; i < InfoBits; i++)
        {
            info[i] ^= _whitening[i];
        }
        Code.Encode(info, coded);
    }

    /// <summary>
    /// Decodes soft values (positive means coded bit 0). Returns the ID when the check passes, else null;
    /// <paramref name="codedBitErrors"/> is the number of hard decisions that disagree with the decoded codeword
    /// (the errors the code corrected when the check passes).
    /// </summary>
    public ulong? Decode(ReadOnlySpan<float> soft, out int codedBitErrors)
    {
        Span<byte> info = stackalloc byte[InfoBits];
        Code.Decode(soft, info);
        Span<byte> recoded = stackalloc byte[CodedBits];
        Code.Encode(info, recoded);
        codedBitErrors = 0;
        for (int i = 0; i < recoded.Length; i++)
        {
            bool hardOne = soft[i] < 0;
            if (hardOne != (recoded[i] == 1))
            {
                codedBitErrors++;
            }
        }
        for (int i = 0; i < InfoBits; i++)
        {
            info[i] ^= _whitening[i];
        }
        ulong id = ReadBits(info[..IdBits]);
        ulong check = ReadBits(info[IdBits..]);
        return check == Check(id) ? id : null;
    }

    /// <summary>
    /// As <see cref="Decode"/>, trying the <paramref name="listSize"/> most likely codewords in order (list Viterbi)
    /// and returning the first whose check passes. Each codeword tried is one 2^-48 chance for a wrong word to pass:
    /// <paramref name="tried"/> says how many were (the detector's false-accept bound counts them).
    /// </summary>
    public ulong? DecodeList(ReadOnlySpan<float> soft, int listSize, out int codedBitErrors, out int tried)
    {
        Span<byte> infos = stackalloc byte[InfoBits * listSize];
        int found = Code.DecodeList(soft, listSize, infos);
        Span<byte> recoded = stackalloc byte[CodedBits];
        codedBitErrors = 0;
        tried = 0;
        for (int k = 0; k < found; k++)
        {
            var info = infos.Slice(k * InfoBits, InfoBits);
            tried++;
            for (int i = 0; i < InfoBits; i++)
            {
                info[i] ^= _whitening[i];
            }
            ulong id = ReadBits(info[..IdBits]);
            if (ReadBits(info[IdBits..]) != Check(id))
            {
                continue;
            }
            for (int i = 0; i < InfoBits; i++)
            {
                info[i] ^= _whitening[i];
            }
            Code.Encode(info, recoded);
            for (int i = 0; i < recoded.Length; i++)
            {
                codedBitErrors += (soft[i] < 0) != (recoded[i] == 1) ? 1 : 0;
            }
            return id;
        }
        return null;
    }

    private static void WriteInfo(ulong id, ulong check, Span<byte> info)
    {
        for (int i = 0; i < IdBits; i++)
        {
            info[i] = (byte)((id >> (IdBits - 1 - i)) & 1);
        }
        for (int i = 0; i < CheckBits; i++)
        {
            info[IdBits + i] = (byte)((check >> (CheckBits - 1 - i)) & 1);
        }
    }

    private static ulong ReadBits(ReadOnlySpan<byte> bits)
    {
        ulong v = 0;
        foreach (byte b in bits)
        {
            v = (v << 1) | (uint)(b & 1);
        }
        return v;
    }
}
