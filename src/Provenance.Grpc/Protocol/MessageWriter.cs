using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace Provenance.Grpc;

/// <summary>Writes one length-prefixed message, optionally gzip-compressed.</summary>
internal static class MessageWriter
{
    /// <summary>
    /// Frames <paramref name="message"/> into <paramref name="output"/>. A message over
    /// <paramref name="maxMessageSize"/> throws RESOURCE_EXHAUSTED before anything is written.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, IMessage message, int maxMessageSize, CompressionLevel? compression)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            RpcException.Throw(
                StatusCode.ResourceExhausted,
                $"Sending message larger than max ({size} vs. {maxMessageSize}).");
        }
        if (compression is null)
        {
            WritePrefix(output, compressed: false, size);
            message.WriteTo(output);
            return;
        }
        var serialized = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            message.WriteTo(serialized.AsSpan(0, size));
            var (buffer, length) = GzipMessageCodec.Compress(serialized.AsSpan(0, size), compression.Value);
            WritePrefix(output, compressed: true, length);
            output.Write(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(serialized);
        }
    }

    private static void WritePrefix(IBufferWriter<byte> output, bool compressed, int length)
    {
        var prefix = output.GetSpan(MessageReader.PrefixSize);
        prefix[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(prefix[1..], (uint)length);
        output.Advance(MessageReader.PrefixSize);
    }
}
