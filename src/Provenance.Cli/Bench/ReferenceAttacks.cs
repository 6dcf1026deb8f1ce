using System.Globalization;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;

namespace Provenance.Cli.Bench;

/// <summary>
/// The suite's attacks as the reference tools make them (ImageMagick's convert, cjpeg/djpeg, cwebp/dwebp), by
/// attack name, for the harness's cross-check. Attacks with randomness (noise) or without an exact equivalent
/// (contrast about the mean, the combination) are left out.
/// </summary>
internal static class ReferenceAttacks
{
    public static IReadOnlyDictionary<string, Func<ImageFrame, ExternalTools, ImageFrame>> ByName { get; } =
        new Dictionary<string, Func<ImageFrame, ExternalTools, ImageFrame>>
        {
            ["jpeg q90"] = (f, t) => t.JpegRoundTrip(f, 90),
            ["jpeg q75"] = (f, t) => t.JpegRoundTrip(f, 75),
            ["jpeg q50"] = (f, t) => t.JpegRoundTrip(f, 50),
            ["resize 0.5x"] = (f, t) => t.Convert(f, "-resize", Size(f, 0.5) + "!"),
            ["resize 1.5x"] = (f, t) => t.Convert(f, "-resize", Size(f, 1.5) + "!"),
            ["crop 81% area"] = (f, t) => CentreCrop(f, 0.81, t),
            ["crop 50% area"] = (f, t) => CentreCrop(f, 0.50, t),
            ["rotate +3"] = (f, t) => Turn(f, 3, t),
            ["rotate -3"] = (f, t) => Turn(f, -3, t),
            ["rotate +5"] = (f, t) => Turn(f, 5, t),
            ["rotate -5"] = (f, t) => Turn(f, -5, t),
            ["brightness x0.75"] = (f, t) => t.Convert(f, "-evaluate", "multiply", "0.75"),
            ["brightness x1.25"] = (f, t) => t.Convert(f, "-evaluate", "multiply", "1.25"),
            ["blur sigma 1"] = (f, t) => t.Convert(f, "-gaussian-blur", "0x1"),
            ["webp q75"] = (f, t) => t.WebpRoundTrip(f, 75),
            ["screenshot 1080 png"] = (f, t) => t.PngRoundTrip(t.Convert(f, "-resize", "1080x1080")),
        };

    private static string Size(ImageFrame f, double factor) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(f.Width * factor)}x{Math.Round(f.Height * factor)}");

    private static ImageFrame CentreCrop(ImageFrame frame, double area, ExternalTools tools)
    {
        double side = Math.Sqrt(area);
        int width = (int)Math.Round(frame.Width * side);
        int height = (int)Math.Round(frame.Height * side);
        return tools.Convert(frame, "-crop", $"{width}x{height}+{(frame.Width - width) / 2}+{(frame.Height - height) / 2}", "+repage");
    }

    private static ImageFrame Turn(ImageFrame frame, double degrees, ExternalTools tools)
    {
        // ImageMagick turns clockwise for positive angles; the project's transform counter-clockwise. Same crop.
        using var probe = Rotate.CroppedToContent(frame, degrees);
        return tools.Convert(frame, "-rotate", (-degrees).ToString(CultureInfo.InvariantCulture),
            "-gravity", "center", "-crop", $"{probe.Width}x{probe.Height}+0+0", "+repage");
    }
}
