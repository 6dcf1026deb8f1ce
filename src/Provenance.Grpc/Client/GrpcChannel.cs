using System.Net;
using System.Net.Security;
using Google.Protobuf;
using Provenance.Grpc.Client.Internal;

namespace Provenance.Grpc.Client;

/// <summary>
/// A connection pool to one gRPC server over HTTP/2: h2c (prior knowledge) for http:// addresses, TLS with
/// ALPN h2 for https://. Thread-safe; create one per server and reuse it.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly bool _ownsHandler;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        Options = options;
        HttpMessageHandler handler;
        if (options.HttpHandler is { } custom)
        {
            handler = custom;
        }
        else
        {
            handler = CreateHandler(address, options);
            _ownsHandler = true;
        }
        Invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        Handler = handler;
    }

    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    private HttpMessageHandler Handler { get; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address, UriKind.Absolute), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{address}' is not an http:// or https:// address.", nameof(address));
        }
        options ??= new GrpcChannelOptions();
        if (options.MaxReceiveMessageSize < 1 || options.MaxSendMessageSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Message size limits must be positive.");
        }
        return new GrpcChannel(address, options);
    }

    public AsyncUnaryCall<TResponse> UnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = Begin(method, MethodType.Unary, options);
        call.Start(request);
        return new AsyncUnaryCall<TResponse>(call, call.ReadSingleAsync());
    }

    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = Begin(method, MethodType.ClientStreaming, options);
        call.Start(null);
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            call, new ClientRequestStream<TRequest, TResponse>(call), call.ReadSingleAsync());
    }

    public AsyncServerStreamingCall<TResponse> ServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = Begin(method, MethodType.ServerStreaming, options);
        call.Start(request);
        return new AsyncServerStreamingCall<TResponse>(call, new ClientResponseStream<TRequest, TResponse>(call));
    }

    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = Begin(method, MethodType.DuplexStreaming, options);
        call.Start(null);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            call, new ClientRequestStream<TRequest, TResponse>(call), new ClientResponseStream<TRequest, TResponse>(call));
    }

    public void Dispose()
    {
        Invoker.Dispose();
        if (_ownsHandler)
        {
            Handler.Dispose();
        }
    }

    private ClientCall<TRequest, TResponse> Begin<TRequest, TResponse>(Method<TRequest, TResponse> method, MethodType expected, CallOptions? options)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.Type != expected)
        {
            throw new ArgumentException($"{method.FullName} is {method.Type}, not {expected}.", nameof(method));
        }
        return new ClientCall<TRequest, TResponse>(this, method, options ?? new CallOptions());
    }

    private static SocketsHttpHandler CreateHandler(Uri address, GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.ConnectTimeout,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Keeps idle connections alive through NATs and notices dead ones.
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        if (address.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = options.ServerCertificateValidation,
                ClientCertificates = options.ClientCertificates,
            };
        }
        return handler;
    }
}
