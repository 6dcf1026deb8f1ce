using System.Buffers.Binary;

namespace Provenance.Core.Fingerprint;

/// <summary>
/// The stored fingerprint of a clip whose audio track was marked: its <see cref="ClipFingerprint"/> and the track's
/// <see cref="AudioFingerprint"/> in the store's one fingerprint column, so that a Verify of the clip matches the
/// frames and a Verify of a voice lifted out of it matches the sound. A record with one kind of fingerprint is read
/// unchanged: each part accessor returns the bytes themselves when they are not combined.
/// </summary>
public static class CombinedFingerprint
{
    /// <summary>First byte: 'M' (media), beside the image's 1, the clip's 'V' and the audio's 'A'.</summary>
    internal const byte FormatVersion = 0x4D;
    private const int HeaderLength = 5;

    /// <summary>version, the clip part's length (u32 BE), the clip part, the audio part.</summary>
    public static byte[] Combine(ReadOnlySpan<byte> clip, ReadOnlySpan<byte> audio)
    {
        var bytes = new byte[HeaderLength + clip.Length + audio.Length];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), (uint)clip.Length);
        clip.CopyTo(bytes.AsSpan(HeaderLength));
        audio.CopyTo(bytes.AsSpan(HeaderLength + clip.Length));
        return bytes;
    }

    /// <summary>The clip part of combined bytes, or <paramref name="stored"/> itself when they are not combined.</summary>
    public static ReadOnlySpan<byte> ClipPart(ReadOnlySpan<byte> stored) => stored[Split(stored).Clip];

    /// <summary>The audio part of combined bytes, or <paramref name="stored"/> itself when they are not combined.</summary>
    public static ReadOnlySpan<byte> AudioPart(ReadOnlySpan<byte> stored) => stored[Split(stored).Audio];

    private static (Range Clip, Range Audio) Split(ReadOnlySpan<byte> stored)
    {
        if (stored.Length < HeaderLength || stored[0] != FormatVersion)
        {
            return (.., ..);
        }
        var clipLength = BinaryPrimitives.ReadUInt32BigEndian(stored[1..]);
        if (clipLength > stored.Length - HeaderLength)
        {
            // Inconsistent: neither part is readable, and the part parsers refuse empty input.
            return (0..0, 0..0);
        }
        var end = HeaderLength + (int)clipLength;
        return (HeaderLength..end, end..);
    }
}
