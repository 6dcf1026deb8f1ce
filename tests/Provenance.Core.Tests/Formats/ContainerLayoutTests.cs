using Provenance.Core.Formats;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Formats;

/// <summary>Every real file parses, its blocks tile it, and edits that change nothing give back the same bytes.</summary>
public class ContainerLayoutTests
{
    public static TheoryData<string> AllFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in TestFiles.Fixtures.Concat(TestFiles.Photos))
        {
            data.Add(f);
        }
        return data;
    }

    public static IEnumerable<string> WebPSamples()
    {
        var tools = ToolSamples.Instance;
        yield return tools.CwebpLossy("baboon.jpg", 75);
        yield return tools.CwebpLossless("fruits.jpg");
        yield return tools.CwebpAlpha("baboon.jpg", lossless: false);
        yield return tools.CwebpAlpha("home.jpg", lossless: true);
        yield return tools.CwebpWithMetadata(TestFiles.Fixture("no_manifest.jpg"));
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Blocks_tile_every_fixture_and_photo(string path) => AssertTiles(File.ReadAllBytes(path));

    [Fact]
    public void Blocks_tile_every_webp_sample()
    {
        foreach (var path in WebPSamples())
        {
            AssertTiles(File.ReadAllBytes(path));
        }
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Edits_that_change_nothing_are_byte_identical(string path) => AssertNoOpEditsIdentical(File.ReadAllBytes(path));

    [Fact]
    public void Webp_edits_that_change_nothing_are_byte_identical()
    {
        foreach (var path in WebPSamples())
        {
            AssertNoOpEditsIdentical(File.ReadAllBytes(path));
        }
    }

    private static void AssertTiles(byte[] bytes)
    {
        var handler = AssetHandlers.Detect(bytes);
        var blocks = handler.ListBlocks(bytes);
        long at = 0;
        foreach (var block in blocks)
        {
            Assert.Equal(at, block.Range.Start);
            Assert.True(block.Range.Length > 0, $"{block.Name} at {block.Range.Start} is empty");
            at = block.Range.End;
        }
        Assert.Equal(bytes.Length, at);
        Assert.Equal(handler.FindManifestStoreRange(bytes) is not null, blocks.Any(b => b.Kind == AssetBlockKind.ManifestStore));
    }

    private static void AssertNoOpEditsIdentical(byte[] bytes)
    {
        var handler = AssetHandlers.Detect(bytes);
        // Writing no metadata into a file changes nothing.
        Assert.Equal(bytes, handler.WriteMetadata(bytes, AssetMetadata.Empty));
        if (handler.FindManifestStoreRange(bytes) is null)
        {
            Assert.Equal(bytes, handler.RemoveManifestStore(bytes));
        }
        if (handler.ReadXmp(bytes) is null)
        {
            Assert.Equal(bytes, handler.RemoveXmp(bytes));
        }
    }
}
