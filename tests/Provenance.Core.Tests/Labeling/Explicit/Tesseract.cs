using System.Globalization;
using Provenance.Core.Tests.C2pa.Interop;

namespace Provenance.Core.Tests.Labeling.Explicit;

/// <summary>One line read by Tesseract: the words' text joined without spaces and the tallest word box, in pixels.</summary>
internal sealed record OcrLine(string Text, int WordBoxHeight, double Confidence);

/// <summary>
/// Debian's tesseract-ocr (with tesseract-ocr-chi-sim and -eng): an OCR engine that shares nothing with the
/// renderer, so what it reads is what a person's software would read off the image.
/// </summary>
internal static class Tesseract
{
    /// <summary>Reads <paramref name="image"/> (a file Tesseract can open) as one line of text.</summary>
    public static OcrLine ReadLine(string image, string languages)
    {
        // --psm 7: the image is a single text line; TSV gives every word's box and confidence.
        var tsv = ExternalTool.Run("tesseract", [image, "stdout", "-l", languages, "--psm", "7", "tsv"], Path.GetDirectoryName(image)!, TimeSpan.FromMinutes(1));
        var words = new List<(string Text, int Height, double Confidence)>();
        foreach (var line in tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            // level page_num block_num par_num line_num word_num left top width height conf text
            var fields = line.Split('\t');
            if (fields.Length == 12 && fields[0] == "5" && fields[11].Trim().Length > 0)
            {
                words.Add((fields[11].Trim(), int.Parse(fields[9], CultureInfo.InvariantCulture), double.Parse(fields[10], CultureInfo.InvariantCulture)));
            }
        }
        return new OcrLine(
            string.Concat(words.Select(w => w.Text)),
            words.Count == 0 ? 0 : words.Max(w => w.Height),
            words.Count == 0 ? 0 : words.Min(w => w.Confidence));
    }

    /// <summary>
    /// The text with capital I, lower-case l and the bar folded into one letter. Noto Sans draws capital I as a plain
    /// bar, and Tesseract reads the "AI" of a label as "Al".
    /// </summary>
    public static string FoldSansSerif(string text) => text.Replace('l', 'I').Replace('|', 'I');
}
