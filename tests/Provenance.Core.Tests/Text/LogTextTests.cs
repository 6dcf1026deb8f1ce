using Provenance.Core.Formats;
using Provenance.Core.Text;

namespace Provenance.Core.Tests.Text;

public class LogTextTests
{
    [Theory]
    [InlineData("image/jpeg", "image/jpeg")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a\r\nb", @"a\r\nb")]
    [InlineData("\u001B[2Jcleared", @"\e[2Jcleared")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("nul\0bell\u0007del\u007Fc1\u0085", @"nul\u0000bell\u0007del\u007Fc1\u0085")]
    [InlineData("rlo\u202Egpj.exe", @"rlo\u202Egpj.exe")]
    [InlineData("zero\u200Bwidth", @"zero\u200Bwidth")]
    [InlineData("line\u2028para\u2029", @"line\u2028para\u2029")]
    [InlineData(@"already\n escaped", @"already\\n escaped")]
    [InlineData("AI生成 ok", "AI生成 ok")]
    [InlineData("emoji 😀 kept", "emoji 😀 kept")]
    [InlineData("tag \U000E0041 char", @"tag \U000E0041 char")]
    public void Control_and_format_characters_become_escapes(string? input, string expected) =>
        Assert.Equal(expected, LogText.Escape(input));

    [Fact]
    public void A_lone_surrogate_becomes_an_escape()
    {
        // Built at run time: an attribute argument cannot carry a lone surrogate (it is stored as UTF-8).
        Assert.Equal(@"lone \uD800 high", LogText.Escape("lone " + (char)0xD800 + " high"));
        Assert.Equal(@"lone \uDC00 low", LogText.Escape("lone " + (char)0xDC00 + " low"));
        Assert.Equal(@"end \uD83D", LogText.Escape("end " + (char)0xD83D));
    }

    [Fact]
    public void The_output_holds_no_control_or_format_character_whatever_the_input()
    {
        var random = new Random(20);
        for (int round = 0; round < 2000; round++)
        {
            var chars = new char[random.Next(0, 40)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)random.Next(0, 0x10000);
            }
            var escaped = LogText.Escape(new string(chars));
            for (int i = 0; i < escaped.Length; i++)
            {
                var category = char.GetUnicodeCategory(escaped, i);
                Assert.False(category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator,
                    $"U+{(int)escaped[i]:X4} survived in {escaped}");
                if (char.IsSurrogate(escaped[i]))
                {
                    Assert.True(char.IsSurrogatePair(escaped, i), $"a lone surrogate survived at {i}");
                    i++;
                }
            }
        }
    }

    [Fact]
    public void Long_text_is_cut_and_says_how_much_was_left_out()
    {
        var megabyte = new string('x', 1 << 20);
        var escaped = LogText.Escape(megabyte);
        Assert.Equal(new string('x', LogText.DefaultMaxLength) + $"… ({(1 << 20) - LogText.DefaultMaxLength} more characters)", escaped);
        Assert.Equal("ab… (1 more characters)", LogText.Escape("abc", 2));
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        Assert.Equal("a… (2 more characters)", LogText.Escape("a😀", 2));
    }

    [Fact]
    public void A_declared_mime_type_is_echoed_escaped_and_bounded()
    {
        var jpeg = File.ReadAllBytes(TestData.TestFiles.Photo("home.jpg"));
        var hostile = "image/\u001B[2J\r\nforged line" + new string('p', 1 << 20);
        var e = Assert.Throws<InvalidMediaException>(() => AssetHandlers.Open(jpeg, MediaLimits.Default, hostile));
        Assert.DoesNotContain('\u001B', e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains(@"image/\e[2J\r\nforged line", e.Message);
        Assert.True(e.Message.Length < 600, $"{e.Message.Length} characters");
    }
}
