using Provenance.Core.Watermark;
using Provenance.Core.Watermark.Coding;

namespace Provenance.Core.Tests.Watermark;

/// <summary>The list Viterbi decoder the detector uses on its first decodes, and what it buys over one pass.</summary>
public class ListDecodingTests
{
    private static readonly byte[] Key = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");

    [Fact]
    public void TheListIsTheBestPathsInOrderAndStartsWithTheViterbiPath()
    {
        var code = ConvolutionalCode.Standard;
        const int infoBits = PayloadCodec.InfoBits;
        const int list = 16;
        var random = new Random(11);
        for (int trial = 0; trial < 20; trial++)
        {
            var soft = new float[code.CodedLength(infoBits)];
            for (int i = 0; i < soft.Length; i++)
            {
                soft[i] = (float)(random.NextDouble() * 2 - 1);
            }
            var single = new byte[infoBits];
            code.Decode(soft, single);
            var infos = new byte[infoBits * list];
            Assert.Equal(list, code.DecodeList(soft, list, infos));

            Assert.True(single.AsSpan().SequenceEqual(infos.AsSpan(0, infoBits)));
            var coded = new byte[soft.Length];
            double previous = double.PositiveInfinity;
            var seen = new HashSet<string>();
            for (int k = 0; k < list; k++)
            {
                var info = infos.AsSpan(k * infoBits, infoBits);
                Assert.True(seen.Add(Convert.ToHexString(info)), $"row {k} repeats an earlier path");
                code.Encode(info, coded);
                double metric = 0;
                for (int i = 0; i < soft.Length; i++)
                {
                    metric += coded[i] == 0 ? soft[i] : -soft[i];
                }
                Assert.True(metric <= previous + 1e-6, $"row {k}: metric {metric} above the row before ({previous})");
                previous = metric;
            }
        }
    }

    [Fact]
    public void TheListRecoversWordsOnePassLosesAndNeverAcceptsAWrongOne()
    {
        var codec = new TileLayout(Key).Codec;
        var random = new Random(3);
        int single = 0, listed = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            ulong id = (ulong)random.NextInt64();
            var coded = new byte[PayloadCodec.CodedBits];
            codec.Encode(id, coded);
            // Gaussian noise at the edge of what one pass decodes (about a fifth of the hard decisions wrong).
            var soft = new float[coded.Length];
            for (int i = 0; i < soft.Length; i++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                soft[i] = (float)((coded[i] == 0 ? 1 : -1) + 1.15 * g);
            }
            ulong? one = codec.Decode(soft, out _);
            ulong? many = codec.DecodeList(soft, Detector.MaxListSize, out _, out int tried);
            Assert.True(one is null || one == id);
            Assert.True(many is null || many == id);
            Assert.InRange(tried, 1, Detector.MaxListSize);
            Assert.False(one == id && many != id, "the list lost a word one pass decoded");
            single += one == id ? 1 : 0;
            listed += many == id ? 1 : 0;
        }
        Assert.InRange(single, 30, 270);
        Assert.True(listed > single, $"list {listed}, one pass {single}");
    }
}
