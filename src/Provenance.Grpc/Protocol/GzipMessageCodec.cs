using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Provenance.Grpc;

/// <summary>
/// gzip for single messages (each message is its own gzip stream, as the protocol requires). Decompression
/// stops as soon as the output passes the receive limit, so a small "bomb" never inflates in full.
/// </summary>
internal static class GzipMessageCodec
{
    private const int InitialOutputSize = 16 * 1024;

    /// <summary>Compresses <paramref name="message"/>; the result is <c>buffer[..length]</c>.</summary>
    public static (byte[] Buffer, int Length) Compress(ReadOnlySpan<byte> message, CompressionLevel level)
    {
        var output = new MemoryStream(Math.Max(64, message.Length / 2));
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(message);
        }
        return (output.GetBuffer(), (int)output.Length);
    }

    /// <summary>
    /// Inflates one message into a buffer rented from <see cref="ArrayPool{T}.Shared"/> (the caller returns it).
    /// Throws <see cref="RpcException"/>: RESOURCE_EXHAUSTED past <paramref name="maxSize"/> bytes, INTERNAL for
    /// data that is not gzip.
    /// </summary>
    public static int Decompress(ReadOnlySequence<byte> compressed, int maxSize, out byte[] rented)
    {
        using var source = AsStream(compressed);
        using var gzip = new GZipStream(source, CompressionMode.Decompress);
        // One byte beyond the limit is enough to know the message is too large.
        var cap = maxSize == int.MaxValue ? int.MaxValue : maxSize + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(cap, InitialOutputSize));
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, total).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }
                var read = gzip.Read(buffer, total, Math.Min(buffer.Length, cap) - total);
                if (read == 0)
                {
                    break;
                }
                total += read;
                if (total > maxSize)
                {
                    RpcException.Throw(
                        StatusCode.ResourceExhausted,
                        $"Received message exceeds the maximum message size ({maxSize} bytes) after decompression.");
                }
            }
        }
        catch (InvalidDataException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            RpcException.Throw(StatusCode.Internal, "Failed to decompress a gzip message: the data is not valid gzip.");
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        rented = buffer;
        return total;
    }

    private static Stream AsStream(ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment && MemoryMarshal.TryGetArray(data.First, out var segment) && segment.Array is not null)
        {
            return new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false);
        }
        return new MemoryStream(data.ToArray(), writable: false);
    }
}
