using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace Provenance.Grpc.Server.Internal;

/// <summary>
/// One server call on one HTTP/2 stream: reads the call's headers, runs the handler against its deadline,
/// writes response messages, and ends the call with a status, either in trailers or, when nothing was sent
/// yet, as a Trailers-Only response. Writes and the final status are serialised by one lock, so a deadline
/// that fires while a handler is writing cannot interleave with it.
/// </summary>
internal sealed class ServerCall : IDisposable
{
    // Timers cannot wait longer than this; a longer grpc-timeout is treated as no deadline.
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly IMethod _method;
    private readonly GrpcServerRuntime _runtime;
    private readonly SemaphoreSlim _responseLock = new(1, 1);
    private readonly CancellationTokenSource _callCancellation;
    private Timer? _deadlineTimer;
    private TaskCompletionSource? _deadlineReached;
    private string? _requestedResponseCompression;
    private string? _acceptEncoding;
    private string? _sentEncoding;
    private bool _headersSent;
    private bool _completed;
    private volatile bool _deadlineExpired;

    private ServerCall(HttpContext httpContext, IMethod method, GrpcServerRuntime runtime)
    {
        HttpContext = httpContext;
        _method = method;
        _runtime = runtime;
        _callCancellation = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);
    }

    public HttpContext HttpContext { get; }

    public CancellationToken CancellationToken => _callCancellation.Token;

    public ServerCallContext Context { get; private set; } = null!;

    public MessageReader Reader { get; private set; } = null!;

    public bool DeadlineExpired => _deadlineExpired;

    public string MethodName => _method.FullName;

    public string? RequestedResponseCompression
    {
        get => _requestedResponseCompression;
        set
        {
            if (value is not null && !MessageEncodings.IsSupported(value))
            {
                throw new ArgumentException($"Unsupported response compression '{value}'. Supported: {MessageEncodings.AcceptEncodingValue}.", nameof(value));
            }
            if (_headersSent)
            {
                throw new InvalidOperationException("The response compression cannot change after the response headers were sent.");
            }
            _requestedResponseCompression = value;
        }
    }

    /// <summary>
    /// gzip when it is asked for (by the handler, the server options, or by a gzip request) and the client's
    /// grpc-accept-encoding lists it; identity otherwise.
    /// </summary>
    public string EffectiveResponseEncoding
    {
        get
        {
            var wanted = _requestedResponseCompression
                ?? _runtime.Options.ResponseCompression
                ?? Context?.RequestEncoding;
            return MessageEncodings.IsGzip(wanted) && MessageEncodings.Accepts(_acceptEncoding, MessageEncodings.Gzip)
                ? MessageEncodings.Gzip
                : MessageEncodings.Identity;
        }
    }

    /// <summary>Runs one call from its HTTP request to its final status.</summary>
    public static async Task RunAsync(HttpContext httpContext, IMethod method, GrpcServerRuntime runtime, Func<ServerCall, Task> handler)
    {
        if (!GrpcRequestGate.Admit(httpContext, runtime.Logger))
        {
            return;
        }
        if (!string.Equals(httpContext.Request.Path.Value, method.FullName, StringComparison.Ordinal))
        {
            // Routing matches paths case-insensitively; gRPC paths are case-sensitive.
            UnimplementedResponder.Write(httpContext, runtime);
            return;
        }
        using var call = new ServerCall(httpContext, method, runtime);
        await call.ExecuteAsync(handler).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(Func<ServerCall, Task> handler)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            Initialize();
        }
        catch (RpcException ex)
        {
            await CompleteAsync(ex.Status, ex.Trailers, started).ConfigureAwait(false);
            return;
        }

        Task running;
        try
        {
            running = handler(this);
        }
        catch (Exception ex)
        {
            running = Task.FromException(ex);
        }

        if (_deadlineReached is not null)
        {
            var first = await Task.WhenAny(running, _deadlineReached.Task).ConfigureAwait(false);
            if (first != running)
            {
                await CompleteAsync(new Status(StatusCode.DeadlineExceeded, "Deadline exceeded."), null, started).ConfigureAwait(false);
                try
                {
                    // The request delegate must not return while the handler still uses the HttpContext.
                    await running.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    _runtime.Logger.LogDebug(ex, "gRPC {Method} ended after its deadline with an exception", _method.FullName);
                }
                return;
            }
        }

        Status status;
        Metadata? trailers = null;
        try
        {
            await running.ConfigureAwait(false);
            status = Status.Ok;
        }
        catch (Exception ex)
        {
            (status, trailers) = _runtime.ExceptionMapper.Map(ex, this);
        }
        await CompleteAsync(status, trailers, started).ConfigureAwait(false);
    }

    private void Initialize()
    {
        var request = HttpContext.Request;
        var features = HttpContext.Features;

        // Message size is limited per message; a streaming call may legitimately carry more than Kestrel's
        // default body limit, and may pause between messages for longer than its minimum data rate allows.
        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }
        if (_method.Type is MethodType.ClientStreaming or MethodType.DuplexStreaming
            && features.Get<IHttpMinRequestBodyDataRateFeature>() is { } dataRate)
        {
            dataRate.MinDataRate = null;
        }

        var headers = new Metadata();
        foreach (var (name, values) in request.Headers)
        {
            MetadataCodec.AddReceived(headers, name, values);
        }

        var deadline = DateTime.MaxValue;
        var timeoutHeader = request.Headers[GrpcHeaders.Timeout];
        TimeSpan? timeout = null;
        if (timeoutHeader.Count > 0)
        {
            if (timeoutHeader.Count > 1 || !GrpcTimeout.TryParse(timeoutHeader[0], out var parsed))
            {
                throw new RpcException(StatusCode.Internal, $"Malformed grpc-timeout header '{timeoutHeader}'.");
            }
            timeout = parsed;
            deadline = DateTime.UtcNow + parsed;
        }

        var encoding = request.Headers[GrpcHeaders.Encoding].ToString();
        var requestEncoding = string.IsNullOrEmpty(encoding) ? null : encoding;
        _acceptEncoding = request.Headers[GrpcHeaders.AcceptEncoding].ToString();

        Reader = new MessageReader(request.BodyReader, _runtime.Options.MaxReceiveMessageSize, requestEncoding, isServer: true);
        Context = new ServerCallContext(
            this,
            _method.FullName,
            request.Host.Value ?? string.Empty,
            FormatPeer(HttpContext.Connection.RemoteIpAddress, HttpContext.Connection.RemotePort),
            deadline,
            headers,
            requestEncoding);

        if (timeout is { } due && due < MaxTimerDelay)
        {
            _deadlineReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _deadlineTimer = new Timer(static state => ((ServerCall)state!).OnDeadline(), this, due, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDeadline()
    {
        _deadlineExpired = true;
        _deadlineReached!.TrySetResult();
        try
        {
            _callCancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended just as the timer fired.
        }
        catch (Exception ex)
        {
            // A handler's cancellation callback threw; this runs on a timer thread, so it must not escape.
            _runtime.Logger.LogWarning(ex, "A cancellation callback of gRPC {Method} threw at its deadline", _method.FullName);
        }
    }

    /// <summary>Writes one response message, sending the response headers first if needed.</summary>
    public async Task WriteMessageAsync(IMessage message, CancellationToken cancellationToken)
    {
        var maxSize = _runtime.Options.MaxSendMessageSize ?? int.MaxValue;
        await _responseLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfCompleted();
            var size = message.CalculateSize();
            if (size > maxSize)
            {
                RpcException.Throw(StatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {maxSize}).");
            }
            if (!_headersSent)
            {
                PrepareResponseHeaders(trailersOnly: false);
            }
            CompressionLevel? compression = MessageEncodings.IsGzip(_sentEncoding) ? _runtime.Options.ResponseCompressionLevel : null;
            var output = HttpContext.Response.BodyWriter;
            MessageWriter.Write(output, message, maxSize, compression);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _responseLock.Release();
        }
    }

    public async Task WriteResponseHeadersAsync()
    {
        await _responseLock.WaitAsync(CancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfCompleted();
            if (_headersSent)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call.");
            }
            PrepareResponseHeaders(trailersOnly: false);
            await HttpContext.Response.StartAsync(CancellationToken).ConfigureAwait(false);
            await HttpContext.Response.BodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _responseLock.Release();
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The call has already ended (deadline, cancellation or a final status); nothing more can be sent.");
        }
    }

    private void PrepareResponseHeaders(bool trailersOnly)
    {
        var response = HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcHeaders.ContentType;
        response.Headers[GrpcHeaders.AcceptEncoding] = MessageEncodings.AcceptEncodingValue;
        if (!trailersOnly)
        {
            _sentEncoding = EffectiveResponseEncoding;
            if (!MessageEncodings.IsIdentity(_sentEncoding))
            {
                response.Headers[GrpcHeaders.Encoding] = _sentEncoding;
            }
        }
        if (Context is not null)
        {
            foreach (var entry in Context.ResponseHeaders)
            {
                response.Headers.Append(entry.Key, MetadataCodec.ToHeaderValue(entry));
            }
            Context.ResponseHeaders.MakeReadOnly("Response headers have already been sent.");
        }
        _headersSent = true;
    }

    /// <summary>Ends the call with <paramref name="status"/>; later writes fail. Safe to call more than once.</summary>
    private async Task CompleteAsync(Status status, Metadata? extraTrailers, long started)
    {
        await _responseLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                return;
            }
            _completed = true;
            LogCompletion(status, started);
            if (HttpContext.RequestAborted.IsCancellationRequested)
            {
                return; // The client reset the stream: nobody is left to read a status.
            }
            var response = HttpContext.Response;
            if (!_headersSent && !response.HasStarted)
            {
                // Trailers-Only: a single HEADERS frame carries the status and ends the stream.
                PrepareResponseHeaders(trailersOnly: true);
                WriteStatus((name, value) => response.Headers.Append(name, value), status, extraTrailers);
            }
            else
            {
                WriteStatus((name, value) => response.AppendTrailer(name, value), status, extraTrailers);
            }
            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The connection went away while the status was being written.
            _runtime.Logger.LogDebug(ex, "gRPC {Method}: the status could not be sent", _method.FullName);
        }
        finally
        {
            _responseLock.Release();
        }
    }

    private void WriteStatus(Action<string, string> add, Status status, Metadata? extraTrailers)
    {
        add(GrpcHeaders.Status, ((int)status.Code).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            add(GrpcHeaders.Message, PercentEncoding.Encode(status.Detail));
        }
        if (Context is not null)
        {
            foreach (var entry in Context.ResponseTrailers)
            {
                add(entry.Key, MetadataCodec.ToHeaderValue(entry));
            }
        }
        if (extraTrailers is not null)
        {
            foreach (var entry in extraTrailers)
            {
                add(entry.Key, MetadataCodec.ToHeaderValue(entry));
            }
        }
    }

    private void LogCompletion(Status status, long started)
    {
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (status.Code == StatusCode.OK)
        {
            _runtime.Logger.LogDebug("gRPC {Method} finished OK in {ElapsedMs:F1} ms", _method.FullName, elapsedMs);
        }
        else
        {
            _runtime.Logger.LogInformation(
                "gRPC {Method} finished with {StatusCode}: {Detail} ({ElapsedMs:F1} ms)",
                _method.FullName, status.Code, status.Detail, elapsedMs);
        }
    }

    private static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: AddressFamily.InterNetworkV6 } when address.IsIPv4MappedToIPv6 =>
            $"ipv4:{address.MapToIPv4()}:{port}",
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };

    public void Dispose()
    {
        _deadlineTimer?.Dispose();
        _callCancellation.Dispose();
        _responseLock.Dispose();
    }
}
