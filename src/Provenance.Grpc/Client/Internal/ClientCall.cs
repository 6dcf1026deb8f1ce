using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Provenance.Grpc.Client.Internal;

/// <summary>
/// One client call on one HTTP/2 stream. The request goes out as soon as the call starts; the response is
/// pulled message by message. The call ends exactly once (<see cref="Finish"/>) with the server's status, or
/// with one synthesised locally (deadline, cancellation, limits, transport failures), and ending it with an
/// error resets the HTTP/2 stream.
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : IClientCallState
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _httpCancellation = new();
    private readonly TaskCompletionSource<Status> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly string? _sendEncoding;
    private Metadata _trailers = new();
    private Task<ResponseStart> _responseStart = null!;
    private HttpResponseMessage? _response;
    private MessageReader? _reader;
    private StreamingRequestContent? _requestContent;
    private Timer? _deadlineTimer;
    private CancellationTokenRegistration _cancellationRegistration;
    private DateTime? _deadline;
    private volatile bool _requestCompleted;
    private int _reading;
    private int _writing;

    public ClientCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        var encoding = options.SendCompression ?? channel.Options.SendCompression;
        if (encoding is not null && !MessageEncodings.IsSupported(encoding))
        {
            throw new ArgumentException($"Unsupported send compression '{encoding}'. Supported: {MessageEncodings.AcceptEncodingValue}.");
        }
        _sendEncoding = MessageEncodings.IsGzip(encoding) ? MessageEncodings.Gzip : null;
    }

    public Task<Metadata> ResponseHeadersAsync { get; private set; } = null!;

    public int CompressedMessagesReceived => _reader?.CompressedMessagesRead ?? 0;

    private int MaxSendMessageSize => _channel.Options.MaxSendMessageSize ?? int.MaxValue;

    private CompressionLevel? SendCompressionLevel => _sendEncoding is null ? null : _channel.Options.CompressionLevel;

    /// <summary>Sends the request headers (and, for unary and server-streaming calls, the request).</summary>
    public void Start(TRequest? request)
    {
        _responseStart = StartCore(request);
        ResponseHeadersAsync = GetResponseHeadersAsync();
    }

    private Task<ResponseStart> StartCore(TRequest? request)
    {
        TimeSpan? timeout = null;
        if (_options.Deadline is { } deadline)
        {
            _deadline = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline;
            timeout = _deadline.Value - DateTime.UtcNow;
            if (timeout <= TimeSpan.Zero)
            {
                Finish(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), null);
                return Task.FromResult(ResponseStart.None);
            }
        }

        HttpContent content;
        if (request is not null)
        {
            var framed = new ArrayBufferWriter<byte>();
            try
            {
                MessageWriter.Write(framed, request, MaxSendMessageSize, SendCompressionLevel);
            }
            catch (RpcException ex)
            {
                Finish(ex.Status, null);
                return Task.FromResult(ResponseStart.None);
            }
            content = new ReadOnlyMemoryContent(framed.WrittenMemory);
        }
        else
        {
            content = _requestContent = new StreamingRequestContent();
        }
        content.Headers.ContentType = new MediaTypeHeaderValue(GrpcHeaders.ContentType);

        var httpRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(_channel.Address, _method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = httpRequest.Headers;
        headers.TryAddWithoutValidation(GrpcHeaders.TE, "trailers");
        if (timeout is { } remaining)
        {
            headers.TryAddWithoutValidation(GrpcHeaders.Timeout, GrpcTimeout.Format(remaining));
        }
        headers.TryAddWithoutValidation(GrpcHeaders.UserAgent, GrpcHeaders.ClientUserAgent);
        if (_sendEncoding is not null)
        {
            headers.TryAddWithoutValidation(GrpcHeaders.Encoding, _sendEncoding);
        }
        headers.TryAddWithoutValidation(GrpcHeaders.AcceptEncoding, MessageEncodings.AcceptEncodingValue);
        if (_options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                headers.TryAddWithoutValidation(entry.Key, MetadataCodec.ToHeaderValue(entry));
            }
        }

        if (_options.CancellationToken.CanBeCanceled)
        {
            _cancellationRegistration = _options.CancellationToken.UnsafeRegister(
                static state => ((ClientCall<TRequest, TResponse>)state!).Finish(new Status(StatusCode.Cancelled, "Call canceled by the client."), null),
                this);
        }
        if (timeout is { } due && due < MaxTimerDelay)
        {
            _deadlineTimer = new Timer(
                static state => ((ClientCall<TRequest, TResponse>)state!).Finish(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), null),
                this, due, Timeout.InfiniteTimeSpan);
        }
        return SendAsync(httpRequest);
    }

    private async Task<ResponseStart> SendAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await _channel.Invoker.SendAsync(request, _httpCancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Finish(StatusFrom(ex), null);
            return ResponseStart.None;
        }
        lock (_gate)
        {
            if (_finished.Task.IsCompleted)
            {
                response.Dispose();
                return ResponseStart.None;
            }
            _response = response;
        }

        try
        {
            var headers = ReadMetadata(response.Headers);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // Not a gRPC response (a proxy, or a refusal such as 415): synthesise the status from HTTP.
                var message = response.Headers.NonValidated.TryGetValues(GrpcHeaders.Message, out var text) ? " " + PercentEncoding.Decode(text.ToString()) : "";
                Finish(new Status(ClientStatusMapping.FromHttpStatus(response.StatusCode), $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}.{message}"), headers);
                return new ResponseStart(null, headers);
            }
            var contentType = response.Content.Headers.ContentType?.ToString();
            if (!GrpcHeaders.IsGrpcProtoContentType(contentType))
            {
                Finish(new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: '{contentType}'."), headers);
                return new ResponseStart(null, headers);
            }
            if (response.Headers.NonValidated.Contains(GrpcHeaders.Status))
            {
                // Trailers-Only: the status came in the headers frame and the body is empty.
                Finish(ParseStatus(response.Headers), headers);
                return new ResponseStart(null, headers);
            }
            var encoding = response.Headers.NonValidated.TryGetValues(GrpcHeaders.Encoding, out var values) ? values.ToString() : null;
            var body = await response.Content.ReadAsStreamAsync(_httpCancellation.Token).ConfigureAwait(false);
            _reader = new MessageReader(
                PipeReader.Create(body, new StreamPipeReaderOptions(leaveOpen: true)),
                _channel.Options.MaxReceiveMessageSize,
                encoding,
                isServer: false);
            return new ResponseStart(response, headers);
        }
        catch (Exception ex)
        {
            Finish(StatusFrom(ex), null);
            return ResponseStart.None;
        }
    }

    private async Task<Metadata> GetResponseHeadersAsync()
    {
        var start = await _responseStart.ConfigureAwait(false);
        if (start.Headers is { } headers)
        {
            return headers;
        }
        var status = await _finished.Task.ConfigureAwait(false);
        throw new RpcException(status, _trailers);
    }

    /// <summary>The next response message; null once the call ended with OK; throws for any other status.</summary>
    public async Task<TResponse?> ReadNextAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("Only one read can be pending at a time.");
        }
        try
        {
            var start = await _responseStart.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (start.Response is { } response && _reader is { } reader && !_finished.Task.IsCompleted)
            {
                try
                {
                    using var linked = cancellationToken.CanBeCanceled
                        ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _httpCancellation.Token)
                        : null;
                    var message = await reader.ReadAsync(_method.ResponseParser, linked?.Token ?? _httpCancellation.Token).ConfigureAwait(false);
                    if (message is not null)
                    {
                        return message;
                    }
                    Finish(ParseStatus(response.TrailingHeaders), ReadMetadata(response.TrailingHeaders));
                }
                catch (Exception ex)
                {
                    Finish(StatusFrom(ex), null);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Finish(new Status(StatusCode.Cancelled, "Call canceled by the client."), null);
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }

        var status = await _finished.Task.ConfigureAwait(false);
        if (status.Code == StatusCode.OK)
        {
            return null;
        }
        throw new RpcException(status, _trailers);
    }

    /// <summary>The single response of a unary or client-streaming call.</summary>
    public async Task<TResponse> ReadSingleAsync()
    {
        var response = await ReadNextAsync(CancellationToken.None).ConfigureAwait(false);
        if (response is null)
        {
            throw new RpcException(new Status(StatusCode.Internal, "The server ended the call with OK but sent no response message."), _trailers);
        }
        if (await ReadNextAsync(CancellationToken.None).ConfigureAwait(false) is not null)
        {
            Finish(new Status(StatusCode.Internal, "The server sent more than one response message for a single-response method."), null);
            throw new RpcException(_finished.Task.Result, _trailers);
        }
        return response;
    }

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_requestCompleted)
        {
            throw new InvalidOperationException("The request stream has already been completed.");
        }
        ThrowIfFinished();
        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("Only one write can be pending at a time.");
        }
        try
        {
            var framed = new ArrayBufferWriter<byte>();
            try
            {
                MessageWriter.Write(framed, message, MaxSendMessageSize, SendCompressionLevel);
            }
            catch (RpcException ex)
            {
                Finish(ex.Status, null);
                throw new RpcException(ex.Status);
            }
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _httpCancellation.Token);
                var stream = await _requestContent!.Stream.WaitAsync(linked.Token).ConfigureAwait(false);
                await stream.WriteAsync(framed.WrittenMemory, linked.Token).ConfigureAwait(false);
                await stream.FlushAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A half-written message would corrupt the stream, so any failure here ends the call. When the
                // server already answered (e.g. a Trailers-Only error), its status is the better explanation.
                if (!_finished.Task.IsCompleted && !cancellationToken.IsCancellationRequested)
                {
                    await _responseStart.ConfigureAwait(false);
                }
                Finish(cancellationToken.IsCancellationRequested
                    ? new Status(StatusCode.Cancelled, "Call canceled by the client.")
                    : StatusFrom(ex), null);
                ThrowIfFinished();
                throw;
            }
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public Task CompleteRequestAsync()
    {
        if (Volatile.Read(ref _writing) == 1)
        {
            throw new InvalidOperationException("A write is still pending; await it before completing the request stream.");
        }
        _requestCompleted = true;
        _requestContent?.Complete();
        return Task.CompletedTask;
    }

    public Status GetStatus() =>
        _finished.Task.IsCompleted
            ? _finished.Task.Result
            : throw new InvalidOperationException("The call has not finished yet.");

    public Metadata GetTrailers() =>
        _finished.Task.IsCompleted
            ? _trailers
            : throw new InvalidOperationException("The call has not finished yet.");

    public void Dispose()
    {
        Finish(new Status(StatusCode.Cancelled, "Call disposed."), null);
        lock (_gate)
        {
            _response?.Dispose();
        }
    }

    private void ThrowIfFinished()
    {
        if (!_finished.Task.IsCompleted)
        {
            return;
        }
        var status = _finished.Task.Result;
        if (status.Code == StatusCode.OK)
        {
            throw new InvalidOperationException("The call has already finished.");
        }
        throw new RpcException(status, _trailers);
    }

    /// <summary>Ends the call once; the first outcome wins. An error outcome resets the HTTP/2 stream.</summary>
    private void Finish(Status status, Metadata? trailers)
    {
        lock (_gate)
        {
            if (_finished.Task.IsCompleted)
            {
                return;
            }
            _trailers = trailers ?? new Metadata();
            _finished.SetResult(status);
        }
        _deadlineTimer?.Dispose();
        _cancellationRegistration.Unregister();
        if (status.Code == StatusCode.OK)
        {
            _requestContent?.Complete();
        }
        else
        {
            _requestContent?.Abort();
            try
            {
                _httpCancellation.Cancel();
            }
            catch (AggregateException)
            {
                // Cancellation callbacks belong to HttpClient; a failure there does not change the outcome.
            }
        }
        // The status and trailers have been read by now. Disposing an unfinished response is also what makes
        // HttpClient reset the HTTP/2 stream (RST_STREAM CANCEL), so that the server's handler learns the
        // call is over.
        lock (_gate)
        {
            _response?.Dispose();
        }
    }

    private Status StatusFrom(Exception exception)
    {
        if (_finished.Task.IsCompleted)
        {
            return _finished.Task.Result;
        }
        if (exception is RpcException rpc)
        {
            return rpc.Status;
        }
        var deadlinePassed = _deadline is { } deadline && DateTime.UtcNow >= deadline;
        if (ClientStatusMapping.Find<HttpProtocolException>(exception) is { } protocolError)
        {
            var code = ClientStatusMapping.FromHttp2Error(protocolError.ErrorCode);
            // The server resets the stream with CANCEL when the deadline passes; report the deadline.
            return code == StatusCode.Cancelled && deadlinePassed
                ? new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")
                : new Status(code, $"HTTP/2 stream error: {protocolError.Message}");
        }
        if (exception is OperationCanceledException)
        {
            return deadlinePassed
                ? new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")
                : new Status(StatusCode.Cancelled, "Call canceled.");
        }
        if (ClientStatusMapping.Find<HttpRequestException>(exception) is { } requestError)
        {
            return new Status(StatusCode.Unavailable, $"Error connecting to {_channel.Address}: {requestError.Message}");
        }
        if (ClientStatusMapping.Find<IOException>(exception) is { } ioError)
        {
            return new Status(StatusCode.Unavailable, $"Connection failure: {ioError.Message}");
        }
        return new Status(StatusCode.Internal, $"Error in the call: {exception.GetType().Name}: {exception.Message}");
    }

    private static Status ParseStatus(HttpHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues(GrpcHeaders.Status, out var statusValues))
        {
            return new Status(StatusCode.Unknown, "No grpc-status found on the response.");
        }
        var message = headers.NonValidated.TryGetValues(GrpcHeaders.Message, out var messageValues)
            ? PercentEncoding.Decode(messageValues.ToString())
            : string.Empty;
        if (!int.TryParse(statusValues.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
            || !Enum.IsDefined((StatusCode)code))
        {
            return new Status(StatusCode.Unknown, $"Invalid grpc-status '{statusValues}'. {message}".TrimEnd());
        }
        return new Status((StatusCode)code, message);
    }

    private static Metadata ReadMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers.NonValidated)
        {
            MetadataCodec.AddReceived(metadata, name, values);
        }
        return metadata;
    }

    private readonly record struct ResponseStart(HttpResponseMessage? Response, Metadata? Headers)
    {
        public static ResponseStart None => default;
    }
}
