using System.Globalization;
using System.Text;

namespace Provenance.Core.Text;

/// <summary>
/// Makes text that came from a caller or from an uploaded file safe to put in a log line, an audit record or an
/// error message: control and invisible formatting characters are written as escapes (an ESC[2J cannot clear
/// the terminal of whoever tails the log, a CR cannot forge a log line, a right-to-left override cannot reorder
/// what is shown) and the length is bounded (a 1 MB field is not echoed in full).
/// </summary>
public static class LogText
{
    /// <summary>What <see cref="Escape"/> keeps when no length is given: enough for any legitimate field.</summary>
    public const int DefaultMaxLength = 256;

    /// <summary>
    /// <paramref name="text"/> with C0/C1 controls, DEL, line and paragraph separators and Unicode format characters
    /// (bidirectional overrides, zero-width characters) as <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\e</c> or <c>\uXXXX</c>;
    /// a lone surrogate as <c>\uXXXX</c>; a backslash doubled so an escape cannot be forged. Cut after
    /// <paramref name="maxLength"/> characters of the input, never inside a surrogate pair, with "… (N more
    /// characters)" appended. Null gives "".
    /// </summary>
    public static string Escape(string? text, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        if (text.Length <= maxLength && !NeedsEscape(text))
        {
            return text;
        }
        int keep = Math.Min(text.Length, maxLength);
        if (keep > 0 && keep < text.Length && char.IsHighSurrogate(text[keep - 1]) && char.IsLowSurrogate(text[keep]))
        {
            keep--;
        }
        var builder = new StringBuilder(keep + 32);
        for (int i = 0; i < keep; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // A pair is one character: kept whole unless it is a format character (e.g. tag characters).
                int codePoint = char.ConvertToUtf32(c, text[i + 1]);
                if (IsFormat(CharUnicodeInfo.GetUnicodeCategory(codePoint)))
                {
                    builder.Append(CultureInfo.InvariantCulture, $"\\U{codePoint:X8}");
                }
                else
                {
                    builder.Append(c).Append(text[i + 1]);
                }
                i++;
                continue;
            }
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                case '\u001B': builder.Append(@"\e"); break;
                default:
                    if (IsUnsafe(c))
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        if (keep < text.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length - keep} more characters)");
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' || IsUnsafe(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    if (IsFormat(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1]))))
                    {
                        return true;
                    }
                    i++;
                    continue;
                }
                return true;
            }
        }
        return false;
    }

    /// <summary>Controls, separators, format characters and surrogates (pairs are judged by the caller).</summary>
    private static bool IsUnsafe(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate => true,
        var category => IsFormat(category),
    };

    private static bool IsFormat(UnicodeCategory category) => category == UnicodeCategory.Format;
}
