namespace Provenance.Core.Formats;

/// <summary>What a container block (JPEG segment, PNG chunk, RIFF chunk) holds, as far as this service cares.</summary>
public enum AssetBlockKind
{
    /// <summary>Format signature or header (SOI, PNG signature + IHDR, RIFF header, VP8X).</summary>
    Header,
    /// <summary>Part of the embedded C2PA manifest store.</summary>
    ManifestStore,
    Xmp,
    /// <summary>JPEG extended XMP (the part of a large packet that did not fit in the main APP1 segment).</summary>
    ExtendedXmp,
    Exif,
    IccProfile,
    Iptc,
    /// <summary>Coded pixels and the tables they need (SOF/DQT/DHT/SOS, IDAT/PLTE, VP8/VP8L/ALPH).</summary>
    ImageData,
    /// <summary>Coded or raw sound and what describes it (WAV fmt/data, FLAC STREAMINFO and frames, MPEG audio frames).</summary>
    AudioData,
    /// <summary>Anything else, kept byte for byte.</summary>
    Other,
    /// <summary>The end marker (EOI, IEND).</summary>
    End,
    /// <summary>Bytes after the end of the container (after EOI, IEND or the RIFF size).</summary>
    Trailer,
}

/// <summary>One block of a parsed container: its name in the format (e.g. "APP11", "caBX", "C2PA"), where it is, what it holds.</summary>
public readonly record struct AssetBlock(string Name, ByteRange Range, AssetBlockKind Kind);
