using System.Buffers.Binary;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Jpeg;

namespace Provenance.Core.Imaging.Jpeg;

/// <summary>
/// The facts a decoder needs before it allocates anything, read from the segments: the frame header (SOFn: size,
/// precision, components and their sampling factors), the coding process, the quantisation tables in effect for
/// the first scan, whether an Adobe APP14 marker is present, and how many entropy-coded bytes the scans hold.
/// </summary>
internal sealed class JpegFrameHeader
{
    private JpegFrameHeader(byte sofMarker, int width, int height, Component[] components, ushort[]?[] tables, bool adobe, long entropyBytes)
    {
        SofMarker = sofMarker;
        Width = width;
        Height = height;
        Components = components;
        QuantizationTables = tables;
        HasAdobeMarker = adobe;
        EntropyCodedBytes = entropyBytes;
    }

    public readonly record struct Component(byte Id, int H, int V, int TableIndex);

    public byte SofMarker { get; }

    public int Width { get; }

    public int Height { get; }

    public IReadOnlyList<Component> Components { get; }

    /// <summary>Tables 0..3 in zigzag order as stored, null where undefined.</summary>
    public IReadOnlyList<ushort[]?> QuantizationTables { get; }

    public bool HasAdobeMarker { get; }

    public long EntropyCodedBytes { get; }

    public bool Progressive => SofMarker is 0xC2 or 0xC6 or 0xCA or 0xCE;

    public bool Arithmetic => SofMarker >= 0xC9;

    /// <summary>Chroma subsampling from the sampling factors; Yuv420 for layouts TurboJPEG cannot write.</summary>
    public ChromaSubsampling Subsampling
    {
        get
        {
            if (Components.Count == 1)
            {
                return ChromaSubsampling.Gray;
            }
            var y = Components[0];
            bool chromaUnit = Components.Skip(1).All(c => c.H == 1 && c.V == 1);
            return (chromaUnit ? (y.H, y.V) : (0, 0)) switch
            {
                (1, 1) => ChromaSubsampling.Yuv444,
                (2, 1) => ChromaSubsampling.Yuv422,
                (2, 2) => ChromaSubsampling.Yuv420,
                (1, 2) => ChromaSubsampling.Yuv440,
                (4, 1) => ChromaSubsampling.Yuv411,
                _ => ChromaSubsampling.Yuv420,
            };
        }
    }

    /// <summary>8x8 blocks the frame codes across all components (with each component's padding to whole MCUs ignored).</summary>
    public long BlockCount
    {
        get
        {
            int hMax = Components.Max(c => c.H), vMax = Components.Max(c => c.V);
            long blocks = 0;
            foreach (var c in Components)
            {
                long w = ((long)Width * c.H + hMax - 1) / hMax;
                long h = ((long)Height * c.V + vMax - 1) / vMax;
                blocks += ((w + 7) / 8) * ((h + 7) / 8);
            }
            return blocks;
        }
    }

    public static JpegFrameHeader Read(ReadOnlySpan<byte> file, JpegLayout layout)
    {
        var tables = new ushort[]?[4];
        bool adobe = false, scanSeen = false;
        long entropy = 0;
        JpegSegment? sof = null;
        foreach (var s in layout.Segments)
        {
            var payload = s.Payload(file);
            switch (s.Marker)
            {
                case JpegMarker.Dqt when !scanSeen:
                    ReadTables(payload, tables);
                    break;
                case JpegMarker.App14 when payload.StartsWith("Adobe"u8):
                    adobe = true;
                    break;
                case JpegMarker.Sos:
                    scanSeen = true;
                    entropy += s.Length - 2 - (s.PayloadLength + 2);
                    break;
                default:
                    if (sof is null && JpegMarker.IsStartOfFrame(s.Marker))
                    {
                        sof = s;
                    }
                    break;
            }
        }
        if (sof is not { } frame)
        {
            return MediaThrow.Corrupt<JpegFrameHeader>("The JPEG file has no frame header (SOF).");
        }
        var p = frame.Payload(file);
        if (p.Length < 6)
        {
            MediaThrow.Corrupt("The JPEG frame header is too short.");
        }
        byte marker = frame.Marker;
        if (marker is 0xC3 or 0xC7 or 0xCB or 0xCF)
        {
            MediaThrow.Unsupported("Lossless JPEG is not supported.");
        }
        if (marker is 0xC5 or 0xC6 or 0xC7 or 0xCD or 0xCE or 0xCF)
        {
            MediaThrow.Unsupported("Hierarchical JPEG is not supported.");
        }
        if (p[0] != 8)
        {
            MediaThrow.Unsupported($"{p[0]}-bit JPEG is not supported; only 8-bit samples are.");
        }
        int height = BinaryPrimitives.ReadUInt16BigEndian(p[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(p[3..]);
        if (width == 0 || height == 0)
        {
            MediaThrow.Unsupported($"A JPEG frame of {width}x{height} (height set by a DNL marker) is not supported.");
        }
        int count = p[5];
        if (count is not (1 or 3 or 4) || p.Length < 6 + 3 * count)
        {
            MediaThrow.Corrupt($"The JPEG frame header declares {count} components.");
        }
        var components = new Component[count];
        for (int i = 0; i < count; i++)
        {
            var c = p.Slice(6 + 3 * i, 3);
            int h = c[1] >> 4, v = c[1] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4 || c[2] > 3)
            {
                MediaThrow.Corrupt("The JPEG frame header has invalid sampling factors or table numbers.");
            }
            components[i] = new Component(c[0], h, v, c[2]);
        }
        return new JpegFrameHeader(marker, width, height, components, tables, adobe, entropy);
    }

    private static void ReadTables(ReadOnlySpan<byte> payload, ushort[]?[] tables)
    {
        int at = 0;
        while (at < payload.Length)
        {
            int precision = payload[at] >> 4, index = payload[at] & 15;
            int size = precision == 0 ? 64 : 128;
            if (index > 3 || precision > 1 || at + 1 + size > payload.Length)
            {
                MediaThrow.Corrupt("The JPEG has a malformed quantisation table (DQT).");
            }
            var table = new ushort[64];
            for (int i = 0; i < 64; i++)
            {
                table[i] = precision == 0 ? payload[at + 1 + i] : BinaryPrimitives.ReadUInt16BigEndian(payload[(at + 1 + 2 * i)..]);
            }
            tables[index] = table;
            at += 1 + size;
        }
    }
}
