using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Formats.Flac;
using Provenance.Core.Formats.Mp3;
using Provenance.Core.Formats.Wav;

namespace Provenance.Core.Audio;

/// <summary>
/// The declared rate, channels and length of an audio file held in memory, from its own header (no ffprobe: the
/// bytes are the caller's, and admission control reads them before any work is admitted).
/// </summary>
internal static class AudioHeaders
{
    /// <summary>What <paramref name="media"/>'s header declares, or null when it does not read.</summary>
    public static AudioHeader? Read(ReadOnlySpan<byte> media, AssetFormat format)
    {
        try
        {
            return format switch
            {
                AssetFormat.Wav => WavStreamHeader.Read(media),
                AssetFormat.Flac => FlacStreamInfo.Read(media),
                AssetFormat.Mp3 => Mp3FrameHeader.Read(media),
                AssetFormat.M4a => BmffTrackHeaders.Read(media).Audio,
                _ => null,
            };
        }
        catch (Exception e) when (e is InvalidMediaException or EndOfStreamException)
        {
            return null;
        }
    }
}
