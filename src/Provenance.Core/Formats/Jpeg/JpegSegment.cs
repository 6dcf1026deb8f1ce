namespace Provenance.Core.Formats.Jpeg;

/// <summary>
/// One marker segment as it sits in the file: <see cref="Start"/> is the marker's 0xFF. For SOS the segment runs
/// up to the next marker (or its fill bytes) and so includes the entropy-coded data. The payload is what follows
/// the 2-byte length field.
/// </summary>
internal readonly record struct JpegSegment(byte Marker, int Start, int Length, int PayloadStart, int PayloadLength)
{
    public int End => Start + Length;

    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> file) => file.Slice(PayloadStart, PayloadLength);

    /// <summary>True when this is an APPn segment whose payload starts with <paramref name="identifier"/>.</summary>
    public bool IsApp(ReadOnlySpan<byte> file, byte marker, ReadOnlySpan<byte> identifier) =>
        Marker == marker && PayloadLength >= identifier.Length && file.Slice(PayloadStart, identifier.Length).SequenceEqual(identifier);
}
