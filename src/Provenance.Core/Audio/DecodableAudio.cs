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

    /// <summary>What the verdict reason adds: only the watermark could be checked, and why.</summary>
    public static string NoEmbedding(string? container) =>
        $"The container ({container ?? "unknown"}) has no C2PA manifest embedding, so only the audio watermark was checked.";
}
