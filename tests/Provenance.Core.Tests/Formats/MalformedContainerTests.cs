using Provenance.Core.Formats;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Formats;

/// <summary>Damaged containers give InvalidMediaException or a parse, never another exception.</summary>
public class MalformedContainerTests
{
    public static IEnumerable<object[]> Files() =>
        TestFiles.Fixtures.Concat(TestFiles.Photos).Concat(ContainerLayoutTests.WebPSamples()).Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Files))]
    public void Truncated_and_flipped_containers_fail_cleanly(string path)
    {
        var file = File.ReadAllBytes(path);
        var damaged = Mutations.Truncations(file).Concat(Mutations.Flips(file, seed: path.Length, copies: 48));
        foreach (var (label, bytes) in damaged)
        {
            Exercise(bytes, label);
        }
    }

    [Fact]
    public void Hand_made_hostile_headers_are_refused()
    {
        // JPEG: a segment length past the end; a second SOI.
        AssertError(MediaError.Truncated, [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00]);
        AssertError(MediaError.Corrupt, [0xFF, 0xD8, 0xFF, 0xD8]);
        // PNG: a chunk declaring 2^31 bytes; no IHDR first.
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        AssertError(MediaError.Truncated, [.. signature, 0x7F, 0xFF, 0xFF, 0xFF, .. "IHDR"u8, 0, 0, 0, 0]);
        AssertError(MediaError.Corrupt, [.. signature, 0, 0, 0, 0, .. "IEND"u8, 0xAE, 0x42, 0x60, 0x82]);
        // WebP: a RIFF size past the end; a chunk past the RIFF size.
        AssertError(MediaError.Truncated, [.. "RIFF"u8, 0xFF, 0xFF, 0xFF, 0x7F, .. "WEBP"u8, .. "VP8 "u8, 0, 0, 0, 0]);
        AssertError(MediaError.Truncated, [.. "RIFF"u8, 12, 0, 0, 0, .. "WEBP"u8, .. "VP8 "u8, 0xFF, 0xFF, 0, 0]);
    }

    private static void AssertError(MediaError expected, byte[] bytes)
    {
        var handler = AssetHandlers.Detect(bytes);
        Assert.Equal(expected, Assert.Throws<InvalidMediaException>(() => handler.ListBlocks(bytes)).Error);
    }

    private static void Exercise(byte[] bytes, string label)
    {
        if (!AssetHandlers.TryDetect(bytes, out var handler))
        {
            return;
        }
        Run(() => handler.ListBlocks(bytes), label);
        Run(() => handler.ReadManifestStore(bytes), label);
        Run(() => handler.ReadMetadata(bytes), label);
        Run(() => handler.RemoveManifestStore(bytes), label);
        Run(() => handler.WriteXmp(bytes, "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"), label);
    }

    private static void Run(Func<object?> action, string label)
    {
        try
        {
            action();
        }
        catch (InvalidMediaException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{label}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
    }
}
