using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// The typeface labels are drawn with: Noto Sans CJK SC Bold from Debian's fonts-noto-cjk. One face covers the
/// Chinese label texts and Latin ones ("AI-generated"); bold strokes stay readable after JPEG and downscaling. The
/// file is a TrueType collection holding the JP, KR, SC, TC and HK faces; the SC face is found by its family name
/// rather than by an index that a font update could move. Loaded once; the shaper is shared under a lock (it holds
/// one HarfBuzz font over the whole collection, which is costly to build).
/// </summary>
internal sealed class LabelFont : IDisposable
{
    public const string DefaultPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
    public const string FamilyName = "Noto Sans CJK SC";

    private static readonly Lazy<LabelFont> s_default = new(() => Load(DefaultPath), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SKShaper _shaper;
    private readonly Lock _gate = new();

    private LabelFont(SKTypeface typeface)
    {
        Typeface = typeface;
        _shaper = new SKShaper(typeface);
    }

    /// <summary>The font at <see cref="DefaultPath"/>; throws <see cref="LabelFontUnavailableException"/> when it is missing.</summary>
    public static LabelFont Default => s_default.Value;

    public SKTypeface Typeface { get; }

    /// <summary>Loads the <see cref="FamilyName"/> face of the collection at <paramref name="path"/>.</summary>
    public static LabelFont Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new LabelFontUnavailableException(
                $"Explicit labels need the font {FamilyName} Bold at {path} (Debian package fonts-noto-cjk; scripts/setup.sh installs it).");
        }
        // A collection has a handful of faces; 16 bounds the search in a file that is not one.
        for (int index = 0; index < 16; index++)
        {
            var face = SKTypeface.FromFile(path, index);
            if (face is null)
            {
                break;
            }
            if (face.FamilyName == FamilyName && face.FontStyle.Weight >= (int)SKFontStyleWeight.Bold)
            {
                return new LabelFont(face);
            }
            face.Dispose();
        }
        throw new LabelFontUnavailableException($"{path} holds no {FamilyName} Bold face (expected Debian's fonts-noto-cjk).");
    }

    /// <summary>Shapes <paramref name="text"/> at <paramref name="font"/>'s size: glyph IDs and pen positions (baseline at y = 0).</summary>
    public SKShaper.Result Shape(string text, SKFont font)
    {
        lock (_gate)
        {
            return _shaper.Shape(text, font);
        }
    }

    public void Dispose()
    {
        _shaper.Dispose();
        Typeface.Dispose();
    }
}
