using System.IO.Compression;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Jumbf;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// Compressed manifests (c2cm boxes holding brotli) are decompressed within one budget per store: a store of many
/// small brob boxes that each expand to megabytes costs at most <see cref="ManifestStore.MaxDecompressedStoreBytes"/>
/// of decompression, however many boxes it holds.
/// </summary>
public class CompressedManifestBudgetTests
{
    [Fact]
    public void Many_compressed_manifests_share_one_decompression_budget()
    {
        // 16 MiB of zeros compresses to a few hundred bytes; 40 of them would expand to 640 MiB.
        var zeros = Brotli(new byte[16 << 20]);
        Assert.True(zeros.Length < 4096, $"{zeros.Length} bytes");
        var boxes = Enumerable.Range(0, 40).Select(i => (JumbfElement)new JumbfSuperboxElement(JumbfTypeIds.CompressedManifest,
            $"urn:c2pa:00000000-0000-4000-8000-{i:D12}", [new JumbfContentElement(BoxType.Brotli, zeros)])).ToList();
        var store = new JumbfSuperboxElement(JumbfTypeIds.ManifestStore, C2paLabels.ManifestStore, boxes).ToArray();

        var parsed = ManifestStore.Parse(store);

        Assert.Empty(parsed.Manifests);
        Assert.Equal(40, parsed.Problems.Count);
        int decompressed = ManifestStore.MaxDecompressedStoreBytes / (16 << 20);
        // The first ones are decompressed in full (and are not JUMBF); every later one is refused unread.
        Assert.All(parsed.Problems.Take(decompressed), p => Assert.Contains("does not decompress", p));
        Assert.All(parsed.Problems.Skip(decompressed), p => Assert.Contains("in total", p));
    }

    [Fact]
    public void One_manifest_over_its_own_bound_is_refused()
    {
        var large = Brotli(new byte[ManifestStore.MaxDecompressedManifestBytes + 1]);
        var store = new JumbfSuperboxElement(JumbfTypeIds.ManifestStore, C2paLabels.ManifestStore,
            [new JumbfSuperboxElement(JumbfTypeIds.CompressedManifest, "urn:c2pa:big", [new JumbfContentElement(BoxType.Brotli, large)])]).ToArray();
        var parsed = ManifestStore.Parse(store);
        Assert.Contains($"expands beyond {ManifestStore.MaxDecompressedManifestBytes} bytes", parsed.ActiveProblem);
    }

    private static byte[] Brotli(byte[] data)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(data);
        }
        return output.ToArray();
    }
}
