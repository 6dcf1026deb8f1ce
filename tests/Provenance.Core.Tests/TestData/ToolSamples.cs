using System.Diagnostics;
using Provenance.Testing;

namespace Provenance.Core.Tests.TestData;

/// <summary>
/// Files made by independent tools from the corpus, once per test run, in a temporary directory: WebP from cwebp
/// (lossy, lossless, with alpha, with metadata), JPEG from cjpeg (qualities, progressive, grayscale, 4:4:4) and
/// PNG variants from ImageMagick (gray, palette, 16-bit, gray+alpha, RGBA, interlaced). The tools come from
/// scripts/setup.sh --test (webp, libjpeg-turbo-progs, imagemagick).
/// </summary>
internal sealed class ToolSamples
{
    private static readonly Lazy<ToolSamples> Shared = new(() => new ToolSamples());

    private readonly string _directory;
    private readonly Dictionary<string, string> _made = new();
    private readonly object _gate = new();

    private ToolSamples()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"provenance-imaging-{Environment.ProcessId}");
        RemoveLeftovers();
        Directory.CreateDirectory(_directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
    }

    public static ToolSamples Instance => Shared.Value;

    /// <summary>The test host does not always run ProcessExit handlers: remove directories of runs that are gone.</summary>
    private static void RemoveLeftovers()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "provenance-imaging-*"))
        {
            if (int.TryParse(Path.GetFileName(directory)["provenance-imaging-".Length..], out int pid) && !IsRunning(pid))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A photo's pixels as a binary PPM (cjpeg and cwebp input), made by djpeg.</summary>
    public string Ppm(string photo) => Make($"{Path.GetFileNameWithoutExtension(photo)}.ppm", output =>
    {
        if (Path.GetExtension(photo) == ".png")
        {
            Run("convert", Quote(TestFiles.Photo(photo)), "-depth", "8", $"ppm:{Quote(output)}");
        }
        else
        {
            Run("djpeg", "-outfile", Quote(output), Quote(TestFiles.Photo(photo)));
        }
    });

    public string CjpegJpeg(string photo, int quality, string extra = "") =>
        Make($"{Path.GetFileNameWithoutExtension(photo)}-q{quality}{extra.Replace(" ", "").Replace("-", "_")}.jpg", output =>
            Run("cjpeg", "-quality", quality.ToString(System.Globalization.CultureInfo.InvariantCulture), extra, "-outfile", Quote(output), Quote(Ppm(photo))));

    /// <summary>A CMYK JPEG by ImageMagick (Adobe APP14, inverted CMYK as Photoshop writes it).</summary>
    public string CmykJpeg(string photo) =>
        Make($"{Path.GetFileNameWithoutExtension(photo)}-cmyk.jpg", output =>
            Run("convert", Quote(Ppm(photo)), "-colorspace", "CMYK", "-quality", "90", $"JPEG:{Quote(output)}"));

    public string CwebpLossy(string photo, int quality) =>
        Make($"{Path.GetFileNameWithoutExtension(photo)}-q{quality}.webp", output =>
            Run("cwebp", "-quiet", "-q", quality.ToString(System.Globalization.CultureInfo.InvariantCulture), Quote(Ppm(photo)), "-o", Quote(output)));

    public string CwebpLossless(string photo) =>
        Make($"{Path.GetFileNameWithoutExtension(photo)}-lossless.webp", output =>
            Run("cwebp", "-quiet", "-lossless", Quote(Ppm(photo)), "-o", Quote(output)));

    /// <summary>A WebP made by cwebp from a JPEG with its EXIF, ICC and XMP kept (cwebp -metadata all).</summary>
    public string CwebpWithMetadata(string jpegPath) =>
        Make($"{Path.GetFileNameWithoutExtension(jpegPath)}-meta.webp", output =>
            Run("cwebp", "-quiet", "-q", "80", "-metadata", "all", Quote(jpegPath), "-o", Quote(output)));

    /// <summary>An RGBA PNG (ImageMagick) whose alpha falls from opaque at the top to transparent at the bottom.</summary>
    public string AlphaPng(string photo) =>
        Make($"{Path.GetFileNameWithoutExtension(photo)}-alpha.png", output =>
            Run("convert", Quote(Ppm(photo)), "-alpha", "set", "-channel", "A", "-fx", "\"1-j/h\"", "+channel", $"PNG32:{Quote(output)}"));

    public string CwebpAlpha(string photo, bool lossless) =>
        Make($"{Path.GetFileNameWithoutExtension(photo)}-alpha{(lossless ? "-lossless" : "")}.webp", output =>
            Run("cwebp", "-quiet", lossless ? "-lossless" : "-q 80", "-exact", Quote(AlphaPng(photo)), "-o", Quote(output)));

    /// <summary>A PNG variant by ImageMagick: "gray", "gray16", "palette", "rgb16", "graya", "rgba", "interlaced".</summary>
    public string PngVariant(string photo, string variant) =>
        Make($"{Path.GetFileNameWithoutExtension(photo)}-{variant}.png", output =>
        {
            string[] arguments = variant switch
            {
                "gray" => [Quote(Ppm(photo)), "-colorspace", "Gray", "-depth", "8", "-define", "png:color-type=0", $"PNG:{Quote(output)}"],
                "gray16" => [Quote(Ppm(photo)), "-colorspace", "Gray", "-depth", "16", "-define", "png:color-type=0", $"PNG:{Quote(output)}"],
                "palette" => [Quote(Ppm(photo)), "-colors", "200", $"PNG8:{Quote(output)}"],
                "rgb16" => [Quote(Ppm(photo)), "-depth", "16", $"PNG48:{Quote(output)}"],
                "graya" => [Quote(AlphaPng(photo)), "-colorspace", "Gray", "-define", "png:color-type=4", $"PNG:{Quote(output)}"],
                "rgba" => [Quote(AlphaPng(photo)), $"PNG32:{Quote(output)}"],
                "interlaced" => [Quote(Ppm(photo)), "-interlace", "PNG", $"PNG24:{Quote(output)}"],
                _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
            };
            Run("convert", arguments);
        });

    /// <summary>Raw RGBA pixels of an image as ImageMagick decodes it (8 bits per sample).</summary>
    public byte[] MagickRgba(string image, bool cache = true)
    {
        var name = $"{Path.GetFileName(image)}-{(cache ? "" : Guid.NewGuid().ToString("N"))}.rgba";
        var path = Make(name, output => Run("convert", Quote(image), "-depth", "8", $"RGBA:{Quote(output)}"));
        var bytes = File.ReadAllBytes(path);
        if (!cache)
        {
            File.Delete(path);
        }
        return bytes;
    }

    /// <summary>Raw RGBA pixels of a WebP as dwebp decodes it.</summary>
    public byte[] DwebpRgba(string webp)
    {
        var path = Make($"{Path.GetFileName(webp)}.pam", output => Run("dwebp", "-quiet", "-pam", Quote(webp), "-o", Quote(output)));
        var pam = File.ReadAllBytes(path);
        // PAM header: text lines up to "ENDHDR\n", then RGBA samples.
        int end = pam.AsSpan().IndexOf("ENDHDR\n"u8) + 7;
        return pam[end..];
    }

    private string Make(string name, Action<string> make)
    {
        lock (_gate)
        {
            if (!_made.TryGetValue(name, out var path))
            {
                path = Path.Combine(_directory, name);
                make(path);
                if (!File.Exists(path))
                {
                    throw new InvalidOperationException($"The tool did not write {path}.");
                }
                _made[name] = path;
            }
            return path;
        }
    }

    private static string Quote(string path) => "\"" + path + "\"";

    private static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool, string.Join(' ', arguments.Where(a => a.Length > 0)))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {start.Arguments} failed ({process.ExitCode}): {stderr.Result}");
        }
    }
}
