using System.Collections.Concurrent;
using Provenance.Core.Imaging;

namespace Provenance.Testing.Media;

/// <summary>
/// The files the end-to-end tests start from: corpus photos by name, and the few the corpus lacks, made from
/// corpus photos with the project's encoders (made once per test run, then shared).
/// </summary>
internal static class TestMedia
{
    /// <summary>The corpus photo a WebP is made from, and a lossy WebP's quality (the corpus has no WebP).</summary>
    public const string WebPSource = "baboon.jpg";
    public const string WebPName = "baboon.webp";

    private const int WebPQuality = 90;

    /// <summary>Above the 4 MiB unary message limit once upscaled 1.5x and stored as PNG (about 6 MB).</summary>
    private const string LargeSource = "Blinds.jpg";

    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Made = new();

    /// <summary>A corpus photo by file name; <see cref="WebPName"/> is <see cref="WebPSource"/> as WebP.</summary>
    public static byte[] Load(string name) => name == WebPName
        ? Make(name, () => MediaEdits.ReEncode(Corpus(WebPSource), EncodeSettings.WebP(WebPQuality)))
        : Corpus(name);

    /// <summary>A PNG larger than a unary gRPC message may be (4 MiB): <see cref="LargeSource"/> upscaled 1.5x.</summary>
    public static byte[] LargePng() => Make("large.png", () => MediaEdits.Scaled(Corpus(LargeSource), 1.5, EncodeSettings.Png()));

    private static byte[] Corpus(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Photos, name));

    private static byte[] Make(string key, Func<byte[]> make) => Made.GetOrAdd(key, _ => new Lazy<byte[]>(make)).Value;
}
