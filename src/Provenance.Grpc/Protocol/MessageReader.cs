using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Provenance.Grpc;

/// <summary>
/// Reads length-prefixed messages (1 byte compressed flag, 4 bytes big-endian length, payload) from a pipe,
/// whatever the DATA frame boundaries. The length is checked against the receive limit as soon as the 5-byte
/// prefix is in, before any of the payload is buffered. Used by the server (request body) and the client
/// (response body); the side only changes which status a failure gets.
/// </summary>
internal sealed class MessageReader
{
    public const int PrefixSize = 5;

    private readonly PipeReader _input;
    private readonly int _maxMessageSize;
    private readonly string? _encoding;
    private readonly bool _isServer;

    /// <param name="input">The body to read.</param>
    /// <param name="maxMessageSize">Receive limit for one message, compressed or not.</param>
    /// <param name="encoding">The peer's <c>grpc-encoding</c> header, or null.</param>
    /// <param name="isServer">True when reading requests (decides the status codes of failures).</param>
    public MessageReader(PipeReader input, int maxMessageSize, string? encoding, bool isServer)
    {
        _input = input;
        _maxMessageSize = maxMessageSize;
        _encoding = encoding;
        _isServer = isServer;
    }

    /// <summary>Messages that arrived with the compressed flag set (for diagnostics and tests).</summary>
    public int CompressedMessagesRead { get; private set; }

    /// <summary>The next message, or null when the body ends cleanly between messages.</summary>
    public async ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        ReadResult result;
        ReadOnlySequence<byte> buffer;
        while (true)
        {
            result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            buffer = result.Buffer;
            if (buffer.Length >= PrefixSize)
            {
                break;
            }
            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                if (buffer.IsEmpty)
                {
                    return null;
                }
                ThrowIncomplete();
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
        }

        bool compressed;
        int length;
        try
        {
            (compressed, length) = ParsePrefix(buffer.Slice(0, PrefixSize));
        }
        catch
        {
            _input.AdvanceTo(buffer.Start, buffer.End);
            throw;
        }

        if (buffer.Length - PrefixSize >= length)
        {
            var payload = buffer.Slice(PrefixSize, length);
            try
            {
                return Decode(parser, payload, compressed);
            }
            finally
            {
                _input.AdvanceTo(payload.End);
            }
        }

        // A message larger than what has arrived: copy it out as it comes and consume the pipe, so that HTTP/2
        // flow control keeps granting window while the message is assembled.
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var available = buffer.Slice(PrefixSize);
            available.CopyTo(rented);
            var filled = (int)available.Length;
            var completed = result.IsCompleted;
            _input.AdvanceTo(buffer.End);
            while (filled < length)
            {
                if (completed)
                {
                    ThrowIncomplete();
                }
                result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var take = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, length - filled));
                take.CopyTo(rented.AsSpan(filled));
                filled += (int)take.Length;
                completed = result.IsCompleted;
                _input.AdvanceTo(take.End);
            }
            return Decode(parser, new ReadOnlySequence<byte>(rented, 0, length), compressed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Reads the single message of a unary request or response: exactly one message, then the end of the body.
    /// </summary>
    public async ValueTask<T> ReadSingleAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var message = await ReadAsync(parser, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            RpcException.Throw(StatusCode.Internal, _isServer ? "No request message was received." : "No response message was received.");
        }
        await EnsureEndAsync(cancellationToken).ConfigureAwait(false);
        return message;
    }

    /// <summary>Fails with INTERNAL when more data follows where the body should have ended.</summary>
    public async ValueTask EnsureEndAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var length = result.Buffer.Length;
            _input.AdvanceTo(result.Buffer.End);
            if (length > 0)
            {
                RpcException.Throw(StatusCode.Internal, _isServer
                    ? "More than one request message was received for a unary request."
                    : "More than one response message was received for a unary response.");
            }
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private (bool Compressed, int Length) ParsePrefix(ReadOnlySequence<byte> prefix)
    {
        Span<byte> bytes = stackalloc byte[PrefixSize];
        prefix.CopyTo(bytes);
        var flag = bytes[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]);
        if (flag > 1)
        {
            RpcException.Throw(StatusCode.Internal, $"Invalid compressed flag {flag} in a message prefix (expected 0 or 1).");
        }
        if (flag == 1)
        {
            if (MessageEncodings.IsIdentity(_encoding))
            {
                RpcException.Throw(StatusCode.Internal, "A message has the compressed flag set but no grpc-encoding was declared.");
            }
            if (!MessageEncodings.IsSupported(_encoding))
            {
                // The server answers UNIMPLEMENTED (and lists what it accepts); a client treats it as INTERNAL.
                RpcException.Throw(
                    _isServer ? StatusCode.Unimplemented : StatusCode.Internal,
                    $"Unsupported grpc-encoding '{_encoding}'. Supported encodings: {MessageEncodings.AcceptEncodingValue}.");
            }
        }
        if (length > (uint)_maxMessageSize)
        {
            RpcException.Throw(
                StatusCode.ResourceExhausted,
                $"Received message larger than max ({length} vs. {_maxMessageSize}).");
        }
        return (flag == 1, (int)length);
    }

    private T Decode<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload, bool compressed)
        where T : class, IMessage<T>
    {
        if (!compressed)
        {
            return Parse(parser, payload);
        }
        CompressedMessagesRead++;
        var length = GzipMessageCodec.Decompress(payload, _maxMessageSize, out var inflated);
        try
        {
            return Parse(parser, new ReadOnlySequence<byte>(inflated, 0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(inflated);
        }
    }

    private T Parse<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload)
        where T : class, IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            // A client that sends garbage made a bad request; a server that does is broken.
            throw new RpcException(
                _isServer ? StatusCode.InvalidArgument : StatusCode.Internal,
                _isServer ? "The request message is not valid protobuf." : "The response message is not valid protobuf.");
        }
    }

    [DoesNotReturn]
    private void ThrowIncomplete() =>
        RpcException.Throw(StatusCode.Internal, _isServer
            ? "The request ended in the middle of a message."
            : "The response ended in the middle of a message.");
}
