using Provenance.Core;
using Provenance.Core.Imaging;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Imaging;

/// <summary>
/// Truncated and byte-flipped real files, decoded in this process through TurboJPEG, libpng and libwebp: each
/// gives InvalidMediaException or a complete image of the size its header declares, never another exception
/// and never a crash (an abort or a longjmp out of a codec would take the test host down with it).
/// </summary>
public class CorruptInputTests
{
    /// <summary>A subset of the corpus (the smaller photos, every format and coding mode), to keep the loops fast.</summary>
    public static IEnumerable<object[]> Inputs()
    {
        var tools = ToolSamples.Instance;
        string[] jpegs = ["baboon.jpg", "board.jpg", "building.jpg", "butterfly.jpg", "fruits.jpg", "home.jpg", "leuvenA.jpg", "starry_night.jpg"];
        foreach (var name in jpegs)
        {
            yield return [TestFiles.Photo(name)];
        }
        yield return [TestFiles.Fixture("no_manifest.jpg")]; // progressive, Photoshop
        yield return [tools.CjpegJpeg("home.jpg", 75, "-progressive")];
        yield return [tools.CjpegJpeg("home.jpg", 75, "-grayscale")];
        yield return [tools.CmykJpeg("home.jpg")];
        yield return [TestFiles.Photo("graf1.png")];
        yield return [TestFiles.Fixture("libpng-test.png")];
        foreach (var variant in new[] { "palette", "gray16", "graya", "interlaced" })
        {
            yield return [tools.PngVariant("home.jpg", variant)];
        }
        yield return [tools.CwebpLossy("fruits.jpg", 75)];
        yield return [tools.CwebpLossless("home.jpg")];
        yield return [tools.CwebpAlpha("butterfly.jpg", lossless: false)];
        yield return [tools.CwebpAlpha("home.jpg", lossless: true)];
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Damaged_files_fail_cleanly_or_decode_completely(string path)
    {
        var file = File.ReadAllBytes(path);
        var outcomes = new Dictionary<string, int>();
        var flips = Mutations.Flips(file, seed: Path.GetFileName(path).Length, copies: 32).ToList();
        var damaged = Mutations.Truncations(file).Concat(flips);
        if (Path.GetExtension(path) == ".png")
        {
            damaged = damaged.Concat(flips.Select(f => (f.Label + " crc repaired", Mutations.WithRepairedPngCrcs(f.Bytes))));
        }
        foreach (var (label, bytes) in damaged)
        {
            string outcome;
            (int Width, int Height, bool Clean)? rgb = null;
            MediaError? rgbError = null;
            try
            {
                using var decoded = ImageCodec.Decode(bytes);
                Assert.Equal((decoded.Info.Width, decoded.Info.Height), (decoded.Frame.Width, decoded.Frame.Height));
                Assert.Equal(decoded.Info.PixelFormat, decoded.Frame.Format);
                outcome = decoded.Warning is null ? "decoded" : "decoded with warning";
                rgb = (decoded.Info.Width, decoded.Info.Height, decoded.Warning is null);
            }
            catch (InvalidMediaException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                outcome = e.Error.ToString();
                rgbError = e.Error;
            }
            catch (Exception e)
            {
                Assert.Fail($"{Path.GetFileName(path)} {label}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                throw;
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            AgreesWithThePlanarPath(bytes, rgb, rgbError, $"{Path.GetFileName(path)} {label}");
        }
        // The loop must have exercised the error path, not only decoded everything.
        Assert.True(outcomes.Keys.Any(k => !k.StartsWith("decoded", StringComparison.Ordinal)), string.Join(", ", outcomes));
    }

    /// <summary>
    /// Sign and Verify decode a JPEG to its Y/Cb/Cr planes: a damaged file gets the same outcome there as from the
    /// RGB decode (the same size and the same warning state, or the same kind of error).
    /// </summary>
    private static void AgreesWithThePlanarPath(byte[] bytes, (int Width, int Height, bool Clean)? rgb, MediaError? rgbError, string what)
    {
        try
        {
            using var planar = LumaDecodedImage.Decode(bytes, MediaLimits.Default);
            Assert.True(rgb is not null, $"{what}: the planar path decoded what the RGB decode refused ({rgbError})");
            Assert.Equal((rgb.Value.Width, rgb.Value.Height, rgb.Value.Clean), (planar.Luma.Width, planar.Luma.Height, planar.Warning is null));
        }
        catch (InvalidMediaException e)
        {
            Assert.True(rgbError == e.Error, $"{what}: the planar path refused it ({e.Error}: {e.Message}), the RGB decode gave {rgbError?.ToString() ?? "an image"}");
        }
    }

    [Fact]
    public void A_png_with_a_bad_idat_crc_is_refused_by_libpng()
    {
        var e = Assert.Throws<InvalidMediaException>(() => ImageCodec.Decode(File.ReadAllBytes(TestFiles.Fixture("tampered_pixels_es256.png"))));
        Assert.Equal(MediaError.Corrupt, e.Error);
        Assert.Contains("libpng", e.Message);
    }

    [Fact]
    public void A_jpeg_cut_in_its_scan_decodes_with_libjpegs_warning()
    {
        var file = File.ReadAllBytes(TestFiles.Photo("building.jpg"));
        using var decoded = ImageCodec.Decode(file.AsSpan(0, file.Length * 3 / 4));
        Assert.NotNull(decoded.Warning);
        Assert.Contains("libjpeg-turbo", decoded.Warning);
    }
}
