namespace Provenance.Core.Audio;

/// <summary>
/// Audio in containers the service verifies by watermark only (<see cref="Formats.AssetFormat.OtherAudio"/>): the
/// C2PA specification defines no manifest embedding for them and c2pa-rs reads none, so Verify has no manifest or
/// label to look at. Which containers: the audio demuxers of <see cref="AudioReencoder.DemuxerWhitelist"/> that are
/// not one of the four signed formats.
/// </summary>
internal static class DecodableAudio
{
    /// <summary>The MIME type for ffprobe's demuxer name list; audio/x-&lt;first name&gt; for the rare ones.</summary>
    public static string MimeType(string? container) => container switch
    {
        "ogg" => "audio/ogg",
        "matroska,webm" => "audio/webm",
        "aac" => "audio/aac",
        "aiff" => "audio/aiff",
        "amr" => "audio/amr",
        "asf" => "audio/x-ms-wma",
        "caf" => "audio/x-caf",
        null or "" => "application/octet-stream",
        var other => "audio/x-" + other.Split(',')[0],
    };

    private static ReadOnlySpan<byte> MatroskaMagic => [0x1A, 0x45, 0xDF, 0xA3];

    /// <summary>
    /// Whether <paramref name="header"/> starts like one of the common such containers (Ogg, Matroska/WebM, ADTS AAC,
    /// AIFF, CAF): what a folder scan picks up. Verify itself asks ffprobe, which knows every listed demuxer.
    /// </summary>
    public static bool HasCommonSignature(ReadOnlySpan<byte> header) =>
        header.StartsWith("OggS"u8)
        || header.StartsWith(MatroskaMagic)
        || (header.Length >= 2 && header[0] == 0xFF && (header[1] & 0xF6) == 0xF0)
        || (header.Length >= 12 && header.StartsWith("FORM"u8) && (header[8..12].SequenceEqual("AIFF"u8) || header[8..12].SequenceEqual("AIFC"u8)))
        || header.StartsWith("caff"u8);

    /// <summary>What the verdict reason adds: only the watermark could be checked, and why.</summary>
    public static string NoEmbedding(string? container) =>
        $"The container ({container ?? "unknown"}) has no C2PA manifest embedding, so only the audio watermark was checked.";
}
