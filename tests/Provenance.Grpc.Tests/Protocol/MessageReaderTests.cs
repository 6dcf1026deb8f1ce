using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;
using Provenance.Grpc.Tests.Echo;
using Provenance.Grpc.Tests.Infrastructure;

namespace Provenance.Grpc.Tests.Protocol;

public sealed class MessageReaderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Reads_messages_whatever_the_chunk_boundaries()
    {
        var messages = new[]
        {
            new EchoRequest { Text = "a" },
            new EchoRequest(),
            new EchoRequest { Payload = ByteString.CopyFrom(EchoService.Pattern(70_000)) },
            new EchoRequest { Text = "last", Repeat = 3 },
        };
        var wire = messages.SelectMany(RawGrpc.Frame).ToArray();

        // Split the same bytes at every chunk size from 1 byte up to all of it in one piece.
        foreach (var chunk in new[] { 1, 2, 3, 4, 5, 6, 7, 13, 4096, wire.Length })
        {
            var pipe = new Pipe();
            var writing = WriteInChunksAsync(pipe.Writer, wire, chunk);
            var reader = new MessageReader(pipe.Reader, 1024 * 1024, null, isServer: true);
            var read = new List<EchoRequest>();
            while (await reader.ReadAsync(EchoRequest.Parser, CancellationToken.None) is { } message)
            {
                read.Add(message);
            }
            await writing;
            Assert.Equal(messages, read);
        }
    }

    [Fact]
    public async Task An_oversized_length_prefix_fails_before_the_payload_arrives()
    {
        // Only the 5-byte prefix is written and the pipe stays open: a reader that waited for (or allocated)
        // the 100 MB it announces would never finish.
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(RawGrpc.Frame([], declaredLength: 100_000_000));
        var reader = new MessageReader(pipe.Reader, 1024 * 1024, null, isServer: true);

        var error = await Assert.ThrowsAsync<RpcException>(() => reader.ReadAsync(EchoRequest.Parser, CancellationToken.None).AsTask().WaitAsync(Patience));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("100000000", error.Status.Detail);
    }

    [Theory]
    [InlineData(2, StatusCode.Internal)]
    [InlineData(0x80, StatusCode.Internal)]
    public async Task An_invalid_compressed_flag_is_internal(byte flag, StatusCode expected)
    {
        var error = await ReadOneAsync(RawGrpc.Frame([8, 1], flag), null, isServer: true);
        Assert.Equal(expected, error!.StatusCode);
    }

    [Fact]
    public async Task The_compressed_flag_without_an_encoding_is_internal()
    {
        var error = await ReadOneAsync(RawGrpc.Frame(Gzip([8, 1]), flag: 1), null, isServer: true);
        Assert.Equal(StatusCode.Internal, error!.StatusCode);
        Assert.Contains("grpc-encoding", error.Status.Detail);
        Assert.Equal(StatusCode.Internal, (await ReadOneAsync(RawGrpc.Frame(Gzip([8, 1]), flag: 1), "identity", isServer: true))!.StatusCode);
    }

    [Fact]
    public async Task An_unsupported_encoding_is_unimplemented_on_a_server_and_internal_on_a_client()
    {
        var frame = RawGrpc.Frame([1, 2, 3], flag: 1);
        Assert.Equal(StatusCode.Unimplemented, (await ReadOneAsync(frame, "snappy", isServer: true))!.StatusCode);
        Assert.Equal(StatusCode.Internal, (await ReadOneAsync(frame, "snappy", isServer: false))!.StatusCode);
        // Identity always works, whatever the header says.
        Assert.Null(await ReadOneAsync(RawGrpc.Frame(new EchoRequest { Text = "x" }), "snappy", isServer: true));
    }

    [Fact]
    public async Task Gzip_messages_are_inflated()
    {
        var message = new EchoRequest { Text = "compressed", Payload = ByteString.CopyFrom(EchoService.Pattern(50_000)) };
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(RawGrpc.Frame(Gzip(message.ToByteArray()), flag: 1));
        await pipe.Writer.CompleteAsync();
        var reader = new MessageReader(pipe.Reader, 1024 * 1024, "gzip", isServer: true);
        Assert.Equal(message, await reader.ReadAsync(EchoRequest.Parser, CancellationToken.None));
        Assert.Equal(1, reader.CompressedMessagesRead);
    }

    [Fact]
    public async Task A_gzip_bomb_stops_at_the_limit_instead_of_inflating()
    {
        // 256 MiB of zeros compress to about 256 KB. With a 1 MiB limit the reader must give up after about
        // 1 MiB of output; the allocation bound below is far under what a full inflate would take.
        var bomb = Gzip(new byte[256 * 1024 * 1024]);
        var frame = RawGrpc.Frame(bomb, flag: 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = await ReadOneAsync(frame, "gzip", isServer: true);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(StatusCode.ResourceExhausted, error!.StatusCode);
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated} bytes while refusing the bomb");
    }

    [Fact]
    public async Task Data_that_is_not_gzip_is_internal()
    {
        var error = await ReadOneAsync(RawGrpc.Frame([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], flag: 1), "gzip", isServer: true);
        Assert.Equal(StatusCode.Internal, error!.StatusCode);
    }

    [Fact]
    public async Task Malformed_protobuf_is_invalid_argument_from_a_client_and_internal_from_a_server()
    {
        byte[] garbage = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        Assert.Equal(StatusCode.InvalidArgument, (await ReadOneAsync(RawGrpc.Frame(garbage), null, isServer: true))!.StatusCode);
        Assert.Equal(StatusCode.Internal, (await ReadOneAsync(RawGrpc.Frame(garbage), null, isServer: false))!.StatusCode);
    }

    [Fact]
    public async Task A_body_that_ends_inside_a_message_is_internal()
    {
        var frame = RawGrpc.Frame(new EchoRequest { Text = "truncated" });
        Assert.Equal(StatusCode.Internal, (await ReadOneAsync(frame[..3], null, isServer: true))!.StatusCode);
        Assert.Equal(StatusCode.Internal, (await ReadOneAsync(frame[..^1], null, isServer: true))!.StatusCode);
    }

    [Fact]
    public async Task A_large_message_that_ends_early_is_internal()
    {
        var frame = RawGrpc.Frame(new EchoRequest { Payload = ByteString.CopyFrom(new byte[300_000]) });
        var pipe = new Pipe();
        var writing = WriteInChunksAsync(pipe.Writer, frame[..200_000], 8192);
        var reader = new MessageReader(pipe.Reader, 1024 * 1024, null, isServer: true);
        var error = await Assert.ThrowsAsync<RpcException>(() => reader.ReadAsync(EchoRequest.Parser, CancellationToken.None).AsTask());
        await writing;
        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    private static async Task<RpcException?> ReadOneAsync(byte[] wire, string? encoding, bool isServer)
    {
        // No back-pressure: the whole input is written before the reader starts.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await pipe.Writer.WriteAsync(wire);
        await pipe.Writer.CompleteAsync();
        var reader = new MessageReader(pipe.Reader, 1024 * 1024, encoding, isServer);
        try
        {
            await reader.ReadAsync(EchoRequest.Parser, CancellationToken.None);
            return null;
        }
        catch (RpcException error)
        {
            return error;
        }
    }

    private static async Task WriteInChunksAsync(PipeWriter writer, byte[] data, int chunk)
    {
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            await writer.WriteAsync(data.AsMemory(offset, Math.Min(chunk, data.Length - offset)));
        }
        await writer.CompleteAsync();
    }

    internal static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
