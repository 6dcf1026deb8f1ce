namespace Provenance.Core.Formats.Id3;

/// <summary>
/// One frame of an ID3v2 tag as it sits in the file: its ID ("GEOB", or three characters in ID3v2.2), where its
/// header starts, how long the header and payload are, and its flags (0 in ID3v2.2).
/// </summary>
internal readonly record struct Id3Frame(string Id, int Start, int HeaderLength, int PayloadLength, ushort Flags)
{
    public int PayloadStart => Start + HeaderLength;

    public int End => PayloadStart + PayloadLength;

    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> file) => file.Slice(PayloadStart, PayloadLength);
}
