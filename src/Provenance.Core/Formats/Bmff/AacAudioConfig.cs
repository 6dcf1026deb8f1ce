namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// The channel count and sample rate an AAC track decodes to, from the AudioSpecificConfig (ISO/IEC 14496-3
/// 1.6.2.1) inside its <c>esds</c> box's ES, DecoderConfig and DecoderSpecificInfo descriptors (ISO/IEC 14496-1
/// 7.2.6, sizes in up to four 7-bit bytes). An MP4 sound sample entry's own channel count is a template value that
/// muxers write as 2 for AAC whatever the stream holds (ffmpeg does, for a mono or a 5.1 track alike), so the
/// decoder's configuration is what tells. Every length is checked against the bytes given.
/// </summary>
internal static class AacAudioConfig
{
    private static readonly int[] Rates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    // Channels by channelConfiguration (0: a program config element in the stream says; 8 to 10 and 15 are reserved).
    private static readonly int[] Channels = [0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8, 0];

    // DecoderConfigDescriptor object types whose specific info is an AudioSpecificConfig: MPEG-4 audio, MPEG-2 AAC profiles.
    private static readonly byte[] AacObjectTypes = [0x40, 0x66, 0x67, 0x68];

    /// <summary>
    /// What the configuration in <paramref name="esds"/>'s body says: not AAC (an MP3 track, say, whose frames carry
    /// their own layout and at most two channels), or AAC's channels (null: a program config element in the stream
    /// says) and rate; null when it does not read.
    /// </summary>
    public static (bool Aac, int? Channels, int Rate)? Read(ReadOnlySpan<byte> esds)
    {
        // Version and flags, then an ES_Descriptor (tag 3): ES_ID, flags, and the optional fields they announce.
        var at = 4;
        if (!Descriptor(esds, ref at, 3, out var esEnd) || at + 3 > esEnd)
        {
            return null;
        }
        var flags = esds[at + 2];
        at += 3;
        if ((flags & 0x80) != 0)
        {
            at += 2; // dependsOn_ES_ID
        }
        if ((flags & 0x40) != 0)
        {
            at += at < esEnd ? 1 + esds[at] : 1; // URL
        }
        if ((flags & 0x20) != 0)
        {
            at += 2; // OCR_ES_Id
        }
        // DecoderConfigDescriptor (tag 4): 13 bytes of object type, stream type, buffer size, bit rates.
        if (!Descriptor(esds, ref at, 4, out var configEnd) || configEnd > esEnd || at + 13 > configEnd)
        {
            return null;
        }
        if (!AacObjectTypes.Contains(esds[at]))
        {
            return (false, null, 0);
        }
        at += 13;
        // DecoderSpecificInfo (tag 5): the AudioSpecificConfig.
        if (!Descriptor(esds, ref at, 5, out var infoEnd) || infoEnd > configEnd)
        {
            return null;
        }
        return AudioSpecificConfig(esds[at..infoEnd]) is { } aac ? (true, aac.Channels, aac.Rate) : null;
    }

    /// <summary>Reads a descriptor's tag and size at <paramref name="at"/>; true when it has <paramref name="tag"/> and fits the bytes.</summary>
    private static bool Descriptor(ReadOnlySpan<byte> bytes, ref int at, byte tag, out int end)
    {
        end = 0;
        if (at >= bytes.Length || bytes[at] != tag)
        {
            return false;
        }
        at++;
        var size = 0;
        for (var i = 0; i < 4; i++)
        {
            if (at >= bytes.Length)
            {
                return false;
            }
            var b = bytes[at++];
            size = (size << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                end = at + size;
                return end <= bytes.Length;
            }
        }
        return false;
    }

    /// <summary>Object type (5 bits, or 6 more after 31), rate index (4 bits, or 24 bits of rate after 15), channel configuration (4 bits); then, for SBR and PS, the rate the extension decodes to.</summary>
    private static (int? Channels, int Rate)? AudioSpecificConfig(ReadOnlySpan<byte> config)
    {
        var bits = new BitReader(config);
        var objectType = ObjectType(ref bits);
        var rate = Rate(ref bits);
        var configuration = bits.Read(4);
        if (objectType is null || rate is null || configuration is null)
        {
            return null;
        }
        int? channels = Channels[configuration.Value] is var c and > 0 ? c : null;
        if (objectType is 5 or 29)
        {
            // HE-AAC signalled explicitly: the decoder's output runs at the extension's rate (and PS makes stereo of mono).
            rate = Math.Max(rate.Value, Rate(ref bits) ?? 0);
            if (objectType == 29 && channels is 1)
            {
                channels = 2;
            }
        }
        return (channels, rate.Value);
    }

    private static int? ObjectType(ref BitReader bits)
    {
        var type = bits.Read(5);
        return type == 31 ? bits.Read(6) + 32 : type;
    }

    private static int? Rate(ref BitReader bits)
    {
        var index = bits.Read(4);
        return index switch
        {
            null => null,
            15 => bits.Read(24),
            < 13 => Rates[index.Value],
            _ => null,
        };
    }

    private ref struct BitReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> bytes = bytes;
        private int position;

        /// <summary>The next <paramref name="count"/> bits, most significant first, or null past the end.</summary>
        public int? Read(int count)
        {
            if (position + count > bytes.Length * 8)
            {
                return null;
            }
            var value = 0;
            for (var i = 0; i < count; i++, position++)
            {
                value = (value << 1) | ((bytes[position >> 3] >> (7 - (position & 7))) & 1);
            }
            return value;
        }
    }
}
