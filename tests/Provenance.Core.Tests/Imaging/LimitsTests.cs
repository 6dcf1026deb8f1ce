using System.Buffers.Binary;
using System.IO.Compression;
using Provenance.Core.Formats.Png;
using Provenance.Core.Imaging;
using Provenance.Core.Tests.TestData;

namespace Provenance.Core.Tests.Imaging;

/// <summary>Limits are checked from the header, before any pixel buffer exists.</summary>
public class LimitsTests
{
    /// <summary>Bytes a call may allocate without having allocated a frame of the declared size.</summary>
    private const long HeaderWorkBudget = 4 * 1024 * 1024;

    [Theory]
    [InlineData("Aqua.jpg")]
    [InlineData("graf1.png")]
    public void The_pixel_limit_refuses_before_allocating(string name)
    {
        var bytes = File.ReadAllBytes(TestFiles.Photo(name));
        var limits = new MediaLimits { MaxPixels = 100_000 };
        var e = AssertRefusedWithoutAllocating(bytes, limits);
        Assert.Equal(MediaError.TooLarge, e.Error);
    }

    [Fact]
    public void The_pixel_limit_applies_to_webp()
    {
        var bytes = File.ReadAllBytes(ToolSamples.Instance.CwebpLossy("fruits.jpg", 75));
        Assert.Equal(MediaError.TooLarge, AssertRefusedWithoutAllocating(bytes, new MediaLimits { MaxPixels = 100_000 }).Error);
    }

    [Fact]
    public void The_file_size_limit_refuses_first()
    {
        var bytes = File.ReadAllBytes(TestFiles.Photo("baboon.jpg"));
        Assert.Equal(MediaError.TooLarge, AssertRefusedWithoutAllocating(bytes, new MediaLimits { MaxFileBytes = 1000 }).Error);
    }

    [Fact]
    public void A_jpeg_declaring_more_pixels_than_its_data_can_code_is_refused()
    {
        // baboon.jpg's 180 KB of scan data with its frame header claiming 10000 x 10000 (within the 100 MP limit).
        var bytes = WithJpegSize(File.ReadAllBytes(TestFiles.Photo("baboon.jpg")), 10000, 10000);
        var e = AssertRefusedWithoutAllocating(bytes, MediaLimits.Default);
        Assert.Equal(MediaError.Corrupt, e.Error);
        Assert.Contains("decompression bomb", e.Message);

        // Claiming 60000 x 60000 hits the pixel limit first.
        Assert.Equal(MediaError.TooLarge, AssertRefusedWithoutAllocating(WithJpegSize(bytes, 60000, 60000), MediaLimits.Default).Error);
    }

    [Fact]
    public void A_png_whose_idat_cannot_inflate_to_the_declared_size_is_refused()
    {
        // 9000 x 9000 RGB (81 MP, within the limit) needs 243 MB of filtered rows; 1 MB of zeros deflates to ~1 KB.
        var bomb = BuildPng(9000, 9000, BoundedDeflate(new byte[1 << 20]));
        var e = AssertRefusedWithoutAllocating(bomb, MediaLimits.Default);
        Assert.Equal(MediaError.Corrupt, e.Error);
        Assert.Contains("decompression bomb", e.Message);

        Assert.Equal(MediaError.TooLarge, AssertRefusedWithoutAllocating(BuildPng(20000, 20000, BoundedDeflate(new byte[1024])), MediaLimits.Default).Error);
    }

    [Fact]
    public void A_webp_declaring_a_huge_canvas_is_refused()
    {
        var bytes = File.ReadAllBytes(ToolSamples.Instance.CwebpAlpha("baboon.jpg", lossless: false));
        Assert.Equal("VP8X"u8.ToArray(), bytes[12..16]);
        // Canvas 16384 x 16384 = 268 MP.
        bytes[24] = bytes[25] = bytes[27] = bytes[28] = 0xFF;
        bytes[26] = bytes[29] = 0x3F;
        Assert.Equal(MediaError.TooLarge, AssertRefusedWithoutAllocating(bytes, MediaLimits.Default).Error);
    }

    [Fact]
    public void Limits_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaLimits { MaxPixels = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaLimits { MaxFileBytes = -1 });
        Assert.Equal(100_000_000, MediaLimits.Default.MaxPixels);
    }

    private static InvalidMediaException AssertRefusedWithoutAllocating(byte[] bytes, MediaLimits limits)
    {
        // Warm up type initialisers so they do not count.
        try
        {
            ImageCodec.ReadInfo(bytes, limits);
        }
        catch (InvalidMediaException)
        {
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidMediaException>(() => ImageCodec.Decode(bytes, limits));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < HeaderWorkBudget, $"{allocated} bytes allocated before refusing");
        return e;
    }

    private static byte[] WithJpegSize(byte[] jpeg, int width, int height)
    {
        var copy = (byte[])jpeg.Clone();
        for (int i = 2; i + 9 < copy.Length; i++)
        {
            if (copy[i] == 0xFF && copy[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 7), (ushort)width);
                return copy;
            }
        }
        throw new InvalidOperationException("no SOF");
    }

    private static byte[] BoundedDeflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }

    private static byte[] BuildPng(int width, int height, byte[] idat)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        return [.. PngLayout.Signature, .. PngLayout.BuildChunk(PngChunkType.Ihdr, ihdr), .. PngLayout.BuildChunk(PngChunkType.Idat, idat), .. PngLayout.BuildChunk(PngChunkType.Iend, [])];
    }
}
