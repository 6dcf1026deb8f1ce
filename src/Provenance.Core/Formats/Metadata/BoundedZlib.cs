using System.IO.Compression;

namespace Provenance.Core.Formats.Metadata;

/// <summary>
/// zlib streams inside metadata chunks (PNG iCCP, zTXt, compressed iTXt). Inflation stops at a fixed output bound,
/// so a small chunk cannot expand into an unbounded allocation.
/// </summary>
internal static class BoundedZlib
{
    /// <summary>No metadata block this service carries is larger than this once inflated.</summary>
    public const int MaxInflatedBytes = 16 * 1024 * 1024;

    public static byte[] Inflate(ReadOnlySpan<byte> compressed, string what, int maxBytes = MaxInflatedBytes)
    {
        using var input = new MemoryStream(compressed.ToArray(), writable: false);
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = zlib.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    MediaThrow.TooLarge($"{what} inflates to more than {maxBytes} bytes.");
                }
                output.Write(buffer, 0, read);
            }
        }
        // Damaged data raises InvalidDataException, or ZLibException (an IOException) for some zlib error codes; the
        // source is memory, so no IOException here comes from a device.
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"{what} is not a valid zlib stream: {e.Message}", e);
        }
        return output.ToArray();
    }

    public static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }
}
