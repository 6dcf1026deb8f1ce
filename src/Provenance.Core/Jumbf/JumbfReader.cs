using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Provenance.Core.Jumbf;

/// <summary>
/// Parses JUMBF (ISO/IEC 19566-5) from untrusted bytes. Every box length is checked against the bytes its container
/// has left (LBox, the 64-bit XLBox form, and LBox 0 meaning "to the end"), nesting depth and the number of boxes
/// are limited, and nothing is allocated from a length field: boxes are views into the input buffer.
/// </summary>
internal static class JumbfReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads the superbox at the start of <paramref name="data"/>. Bytes after it must be zero padding (a container
    /// may reserve more space than the store needs).
    /// </summary>
    public static JumbfBox ReadSuperbox(ReadOnlyMemory<byte> data) => ReadSuperbox(data, JumbfLimits.Default);

    public static JumbfBox ReadSuperbox(ReadOnlyMemory<byte> data, JumbfLimits limits)
    {
        var state = new State(limits);
        var box = ReadBox(data, 0, ref state, depth: 0, out var length);
        if (!box.IsSuperbox)
        {
            Fail($"the outer box is '{BoxType.ToText(box.Type)}', not a JUMBF superbox");
        }
        if (data.Span[length..].ContainsAnyExcept((byte)0))
        {
            Fail($"{data.Length - length} bytes that are not padding follow the superbox");
        }
        return box;
    }

    private struct State(JumbfLimits limits)
    {
        public readonly JumbfLimits Limits = limits;
        public int Boxes;
    }

    /// <summary>Reads one box starting at <paramref name="offset"/>; its length must fit in the rest of <paramref name="container"/>.</summary>
    private static JumbfBox ReadBox(ReadOnlyMemory<byte> container, int offset, ref State state, int depth, out int length)
    {
        if (++state.Boxes > state.Limits.MaxBoxes)
        {
            Fail($"more than {state.Limits.MaxBoxes} boxes");
        }
        var span = container.Span;
        var remaining = span.Length - offset;
        if (remaining < 8)
        {
            Fail($"{remaining} bytes left where a box header (8 bytes) is expected at offset {offset}");
        }
        var lbox = BinaryPrimitives.ReadUInt32BigEndian(span[offset..]);
        var type = BinaryPrimitives.ReadUInt32BigEndian(span[(offset + 4)..]);
        int headerLength;
        long boxLength;
        switch (lbox)
        {
            case 0:
                headerLength = 8;
                boxLength = remaining;
                break;
            case 1:
                if (remaining < 16)
                {
                    Fail($"box '{BoxType.ToText(type)}' declares an XLBox but only {remaining} bytes are left");
                }
                headerLength = 16;
                var xlbox = BinaryPrimitives.ReadUInt64BigEndian(span[(offset + 8)..]);
                boxLength = xlbox > long.MaxValue ? long.MaxValue : (long)xlbox;
                if (boxLength < 16)
                {
                    Fail($"box '{BoxType.ToText(type)}' has XLBox {xlbox}, shorter than its own header");
                }
                break;
            case < 8:
                throw new JumbfFormatException($"box '{BoxType.ToText(type)}' has LBox {lbox}, shorter than its own header");
            default:
                headerLength = 8;
                boxLength = lbox;
                break;
        }
        if (boxLength > remaining)
        {
            Fail($"box '{BoxType.ToText(type)}' at offset {offset} declares {boxLength} bytes but only {remaining} are left in its container");
        }
        length = (int)boxLength;
        var whole = container.Slice(offset, length);
        if (type != BoxType.Superbox)
        {
            return new JumbfBox(whole, type, headerLength, null, null);
        }
        if (depth >= state.Limits.MaxDepth)
        {
            Fail($"superboxes nested deeper than {state.Limits.MaxDepth}");
        }
        return ReadSuperboxContents(whole, headerLength, ref state, depth);
    }

    private static JumbfBox ReadSuperboxContents(ReadOnlyMemory<byte> whole, int headerLength, ref State state, int depth)
    {
        var payload = whole[headerLength..];
        if (payload.Length == 0)
        {
            Fail("a superbox has no description box");
        }
        var descriptionBox = ReadBox(payload, 0, ref state, depth + 1, out var used);
        if (descriptionBox.Type != BoxType.Description)
        {
            Fail($"a superbox starts with '{BoxType.ToText(descriptionBox.Type)}' instead of a description box");
        }
        var description = ReadDescription(descriptionBox.Payload, ref state, depth + 1);
        var children = new List<JumbfBox>();
        var position = used;
        while (position < payload.Length)
        {
            children.Add(ReadBox(payload, position, ref state, depth + 1, out var childLength));
            position += childLength;
        }
        return new JumbfBox(whole, BoxType.Superbox, headerLength, description, children);
    }

    private static JumbfDescription ReadDescription(ReadOnlyMemory<byte> payload, ref State state, int depth)
    {
        var span = payload.Span;
        if (span.Length < 17)
        {
            Fail($"a description box has {span.Length} bytes, fewer than a type UUID and toggles");
        }
        var uuid = payload[..16];
        var toggles = span[16];
        var position = 17;
        string? label = null;
        if ((toggles & JumbfDescription.LabelPresent) != 0)
        {
            var terminator = span[position..].IndexOf((byte)0);
            if (terminator < 0)
            {
                Fail("a description label is not null-terminated");
            }
            if (terminator > state.Limits.MaxLabelBytes)
            {
                Fail($"a description label of {terminator} bytes exceeds {state.Limits.MaxLabelBytes}");
            }
            try
            {
                label = StrictUtf8.GetString(span.Slice(position, terminator));
            }
            catch (DecoderFallbackException)
            {
                Fail("a description label is not valid UTF-8");
            }
            position += terminator + 1;
        }
        uint? id = null;
        if ((toggles & JumbfDescription.IdPresent) != 0)
        {
            if (span.Length - position < 4)
            {
                Fail("a description box ends inside its ID field");
            }
            id = BinaryPrimitives.ReadUInt32BigEndian(span[position..]);
            position += 4;
        }
        ReadOnlyMemory<byte>? signature = null;
        if ((toggles & JumbfDescription.SignaturePresent) != 0)
        {
            if (span.Length - position < 32)
            {
                Fail("a description box ends inside its signature field");
            }
            signature = payload.Slice(position, 32);
            position += 32;
        }
        JumbfBox? privateBox = null;
        if ((toggles & JumbfDescription.PrivatePresent) != 0)
        {
            privateBox = ReadBox(payload, position, ref state, depth + 1, out var privateLength);
            position += privateLength;
        }
        return new JumbfDescription(uuid, toggles, label, id, signature, privateBox);
    }

    [DoesNotReturn]
    private static void Fail(string message) => throw new JumbfFormatException(message);
}
