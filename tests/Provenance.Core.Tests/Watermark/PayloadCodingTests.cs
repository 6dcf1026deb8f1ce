using System.Text;
using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Tests.Watermark;

/// <summary>The payload's check and error-correcting code, pinned to published values and to their capacity.</summary>
public class PayloadCodingTests
{
    private static readonly byte[] Key = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");

    [Fact]
    public void Crc64MatchesTheXzCheckValue()
    {
        // The catalogue check value of CRC-64/XZ for the ASCII string "123456789".
        Assert.Equal(0x995DC9BBDF1939FAUL, Crc64.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void TheStandardCodeHasFreeDistanceFifteen()
    {
        // K=7 rate 1/3 (133, 171, 165 octal): free distance 15, so any 7 errors in a block are corrected.
        Assert.Equal(15, ConvolutionalCode.Standard.FreeDistance());
        Assert.Equal(10, new ConvolutionalCode(7, 171, 133).FreeDistance());
    }

    [Fact]
    public void CleanCodewordsDecodeToTheirId()
    {
        var codec = new TileLayout(Key).Codec;
        var random = new Random(5);
        for (int trial = 0; trial < 50; trial++)
        {
            ulong id = (ulong)random.NextInt64();
            var soft = Modulate(codec, id);
            Assert.Equal(id, codec.Decode(soft, out int errors));
            Assert.Equal(0, errors);
        }
    }

    [Fact]
    public void AnySevenErrorsAreCorrected()
    {
        var codec = new TileLayout(Key).Codec;
        var random = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            ulong id = (ulong)random.NextInt64();
            var soft = Modulate(codec, id);
            // Bursts and scattered patterns alike: up to floor((15 - 1) / 2) = 7 hard errors.
            int count = 1 + trial % 7;
            int start = random.Next(soft.Length - 40);
            foreach (int i in Enumerable.Range(0, soft.Length).OrderBy(_ => random.Next()).Take(count)
                         .Select(i => trial % 2 == 0 ? i : start + i % 40).Distinct())
            {
                soft[i] = -soft[i];
            }
            Assert.Equal(id, codec.Decode(soft, out int errors));
            Assert.InRange(errors, 1, 7);
        }
    }

    [Fact]
    public void ErrorsBeyondTheCapacityAreCaughtByTheCheck()
    {
        var codec = new TileLayout(Key).Codec;
        var code = PayloadCodec.Code;
        ulong id = 0x0123456789ABCDEF;
        var soft = Modulate(codec, id);
        // Another codeword at the free distance: flip one info bit (the check bits are left as they are, so the
        // word it decodes to cannot pass the check). Moving 8 of the 15 differing positions towards it makes it
        // the nearer codeword: the decoder must pick it, and the check must refuse it.
        var info = new byte[PayloadCodec.InfoBits];
        var other = new byte[PayloadCodec.InfoBits];
        other[20] = 1;
        var a = new byte[PayloadCodec.CodedBits];
        var b = new byte[PayloadCodec.CodedBits];
        code.Encode(info, a);
        code.Encode(other, b);
        var differing = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
        Assert.Equal(15, differing.Count);
        foreach (int i in differing.Take(8))
        {
            soft[i] = -soft[i];
        }
        Assert.Null(codec.Decode(soft, out _));

        // And heavy random noise decodes to nothing.
        var random = new Random(11);
        int accepted = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            var noise = Enumerable.Range(0, PayloadCodec.CodedBits).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            accepted += codec.Decode(noise, out _) is null ? 0 : 1;
        }
        Assert.Equal(0, accepted);
    }

    [Fact]
    public void TheKeyWhitensThePayload()
    {
        var a = new TileLayout(Key).Codec;
        var b = new TileLayout(Convert.FromHexString("FFEEDDCCBBAA99887766554433221100")).Codec;
        var codedA = new byte[PayloadCodec.CodedBits];
        var codedB = new byte[PayloadCodec.CodedBits];
        a.Encode(42, codedA);
        b.Encode(42, codedB);
        Assert.NotEqual(codedA, codedB);
        // A codeword made under one key does not decode under another.
        Assert.Null(b.Decode(Modulate(a, 42), out _));
    }

    private static float[] Modulate(PayloadCodec codec, ulong id)
    {
        var coded = new byte[PayloadCodec.CodedBits];
        codec.Encode(id, coded);
        return coded.Select(bit => bit == 0 ? 1f : -1f).ToArray();
    }
}
