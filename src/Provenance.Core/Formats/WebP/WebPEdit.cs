using System.Buffers.Binary;

namespace Provenance.Core.Formats.WebP;

/// <summary>
/// An edit of a WebP file as a list of chunks (copied from the source or new), behind a VP8X header that is kept,
/// changed or added. <see cref="Build"/> writes the RIFF header with the new size, the chunks, and the trailer.
/// </summary>
internal sealed class WebPEdit
{
    private readonly WebPLayout _layout;
    private readonly List<(uint FourCc, int Source, byte[]? Bytes)> _items = new();
    private Vp8xHeader? _header;
    private bool _headerChanged;

    public WebPEdit(ReadOnlySpan<byte> file, WebPLayout layout)
    {
        _layout = layout;
        for (int i = 0; i < layout.Chunks.Count; i++)
        {
            var chunk = layout.Chunks[i];
            if (i == 0 && chunk.FourCc == WebPChunkType.Vp8X)
            {
                _header = Vp8xHeader.Parse(chunk.Data(file));
                continue;
            }
            _items.Add((chunk.FourCc, i, null));
        }
    }

    public int Count => _items.Count;

    public uint FourCcAt(int index) => _items[index].FourCc;

    public int IndexOf(uint fourCc) => _items.FindIndex(item => item.FourCc == fourCc);

    public void RemoveAll(uint fourCc) => _items.RemoveAll(item => item.FourCc == fourCc);

    public void Insert(int index, uint fourCc, byte[] chunk) => _items.Insert(index, (fourCc, -1, chunk));

    public void Replace(int index, uint fourCc, byte[] chunk) => _items[index] = (fourCc, -1, chunk);

    public void RemoveAt(int index) => _items.RemoveAt(index);

    /// <summary>Index just after the last chunk that carries the image: where EXIF, XMP and unknown chunks follow.</summary>
    public int AfterImageData()
    {
        int after = 0;
        for (int i = 0; i < _items.Count; i++)
        {
            if (WebPChunkType.IsImageData(_items[i].FourCc) || _items[i].FourCc == WebPChunkType.Iccp)
            {
                after = i + 1;
            }
        }
        return after;
    }

    /// <summary>Switches a simple-format file to the extended format, which any chunk besides the bitstream needs.</summary>
    public void RequireExtended(ReadOnlySpan<byte> file)
    {
        if (_header is null)
        {
            _header = _layout.ExtendedHeader(file);
            _headerChanged = true;
        }
    }

    /// <summary>Sets the VP8X ICC, EXIF and XMP flags to match the chunks present.</summary>
    public void SyncMetadataFlags()
    {
        if (_header is not { } header)
        {
            return;
        }
        var synced = header
            .WithFlag(Vp8xHeader.IccFlag, IndexOf(WebPChunkType.Iccp) >= 0)
            .WithFlag(Vp8xHeader.ExifFlag, IndexOf(WebPChunkType.Exif) >= 0)
            .WithFlag(Vp8xHeader.XmpFlag, IndexOf(WebPChunkType.Xmp) >= 0);
        if (synced != header)
        {
            _header = synced;
            _headerChanged = true;
        }
    }

    /// <summary>Offset in the built file of the item at <paramref name="index"/>.</summary>
    public long OffsetOf(int index)
    {
        long offset = WebPLayout.HeaderLength + (_header is null ? 0 : 8 + Vp8xHeader.DataLength);
        for (int i = 0; i < index; i++)
        {
            offset += LengthOf(i);
        }
        return offset;
    }

    public byte[] Build(ReadOnlySpan<byte> file)
    {
        var splice = new Splice();
        var riffHeader = new byte[WebPLayout.HeaderLength];
        splice.Insert(riffHeader);
        if (_header is { } header)
        {
            if (_headerChanged)
            {
                splice.Insert(header.ToChunk());
            }
            else
            {
                var original = _layout.Chunks[0];
                splice.Copy(original.Start, original.Length);
            }
        }
        foreach (var (_, source, bytes) in _items)
        {
            if (bytes is null)
            {
                splice.Copy(_layout.Chunks[source].Start, _layout.Chunks[source].Length);
            }
            else
            {
                splice.Insert(bytes);
            }
        }
        long riffEnd = splice.Length;
        if (riffEnd - 8 > uint.MaxValue)
        {
            MediaThrow.TooLarge("The edited WebP file exceeds the RIFF size limit.");
        }
        splice.Copy(_layout.RiffEnd, file.Length - _layout.RiffEnd);
        "RIFF"u8.CopyTo(riffHeader);
        BinaryPrimitives.WriteUInt32LittleEndian(riffHeader.AsSpan(4), (uint)(riffEnd - 8));
        "WEBP"u8.CopyTo(riffHeader.AsSpan(8));
        return splice.Build(file);
    }

    private int LengthOf(int index)
    {
        var (_, source, bytes) = _items[index];
        return bytes?.Length ?? _layout.Chunks[source].Length;
    }
}
