namespace Provenance.Core.Formats;

/// <summary>
/// A format that carries the AIGC label JSON as a plain text field besides XMP (ID3 TXXX "AIGC" in MP3 and FLAC),
/// because the players and tag editors of that format show text fields and not XMP. The XMP label stays the one
/// Verify reads; this copy is for people.
/// </summary>
internal interface IAigcTextCarrier
{
    /// <summary>The asset with the label text field replaced by (or given) <paramref name="labelJson"/>.</summary>
    byte[] WriteAigcText(ReadOnlySpan<byte> asset, string labelJson);

    /// <summary>The label text field, or null.</summary>
    string? ReadAigcText(ReadOnlySpan<byte> asset);
}
