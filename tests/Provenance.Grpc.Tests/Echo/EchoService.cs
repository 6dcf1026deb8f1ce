using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Provenance.Grpc.Server;

namespace Provenance.Grpc.Tests.Echo;

/// <summary>
/// The test echo service (Protos/echo/v1/echo.proto). Request metadata whose key starts with "x-echo-" is sent
/// back in the response headers and trailers; the trailer "x-response-encoding" reports the encoding the
/// server wrote responses with. "x-send-headers-first" makes Bidi send its response headers before reading. Calls are tagged by their first request's text so that tests can wait for a
/// handler to observe its cancellation. Unary requests the transport refuses are recorded under the call's
/// "x-refusal-tag" header (and the callback throws when "x-refusal-throws" is set).
/// </summary>
internal sealed class EchoService : IGrpcService
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _cancelled = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Status>> _refused = new();

    /// <summary>Completes when the handler of the call tagged <paramref name="tag"/> saw its token fire.</summary>
    public Task WaitForCancellationAsync(string tag) => Signal(_cancelled, tag).Task;

    /// <summary>Completes when the handler of the call tagged <paramref name="tag"/> has started.</summary>
    public Task WaitForStartAsync(string tag) => Signal(_started, tag).Task;

    /// <summary>The status of the refused unary call tagged <paramref name="tag"/>, as the refusal callback saw it.</summary>
    public Task<Status> WaitForRefusalAsync(string tag) => RefusalOf(tag).Task;

    public GrpcServiceDefinition BindService() =>
        GrpcServiceDefinition.CreateBuilder(EchoReflection.Descriptor.Services[0])
            .AddUnaryMethod(EchoMethods.Unary, UnaryAsync, RequestRefusedAsync)
            .AddClientStreamingMethod(EchoMethods.ClientStream, ClientStreamAsync)
            .AddServerStreamingMethod(EchoMethods.ServerStream, ServerStreamAsync)
            .AddDuplexStreamingMethod(EchoMethods.Bidi, BidiAsync)
            .Build();

    private async Task<EchoResponse> UnaryAsync(EchoRequest request, ServerCallContext context)
    {
        using var watch = WatchCancellation(request.Text, context);
        EchoMetadata(context);
        await DelayAsync(request, context);
        ThrowIfAsked(request);
        return Respond(request, context, 0);
    }

    private Task RequestRefusedAsync(ServerCallContext context, Status status)
    {
        if (context.RequestHeaders.GetValue("x-refusal-tag") is { } tag)
        {
            RefusalOf(tag).TrySetResult(status);
        }
        if (context.RequestHeaders.GetValue("x-refusal-throws") is not null)
        {
            throw new InvalidOperationException("refusal callback asked to fail");
        }
        return Task.CompletedTask;
    }

    private TaskCompletionSource<Status> RefusalOf(string tag) =>
        _refused.GetOrAdd(tag, _ => new TaskCompletionSource<Status>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task<EchoResponse> ClientStreamAsync(IAsyncStreamReader<EchoRequest> requests, ServerCallContext context)
    {
        EchoMetadata(context);
        var texts = new List<string>();
        long bytes = 0;
        CancellationTokenRegistration watch = default;
        try
        {
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
            {
                if (texts.Count == 0)
                {
                    watch = WatchCancellation(request.Text, context);
                    await DelayAsync(request, context);
                }
                ThrowIfAsked(request);
                texts.Add(request.Text);
                bytes += request.Payload.Length;
            }
        }
        finally
        {
            watch.Dispose();
        }
        var response = Respond(new EchoRequest { Text = string.Join(",", texts) }, context, 0);
        response.ReceivedMessages = texts.Count;
        response.ReceivedBytes = bytes;
        return response;
    }

    private async Task ServerStreamAsync(EchoRequest request, IAsyncStreamWriter<EchoResponse> responses, ServerCallContext context)
    {
        using var watch = WatchCancellation(request.Text, context);
        EchoMetadata(context);
        for (var i = 0; i < request.Repeat; i++)
        {
            await DelayAsync(request, context);
            await responses.WriteAsync(Respond(request, context, i));
        }
        ThrowIfAsked(request);
    }

    private async Task BidiAsync(IAsyncStreamReader<EchoRequest> requests, IAsyncStreamWriter<EchoResponse> responses, ServerCallContext context)
    {
        EchoMetadata(context);
        if (context.RequestHeaders.GetValue("x-send-headers-first") is not null)
        {
            await context.WriteResponseHeadersAsync();
        }
        var index = 0;
        CancellationTokenRegistration watch = default;
        try
        {
            while (await requests.MoveNext(context.CancellationToken))
            {
                var request = requests.Current;
                if (index == 0)
                {
                    watch = WatchCancellation(request.Text, context);
                }
                await DelayAsync(request, context);
                ThrowIfAsked(request);
                await responses.WriteAsync(Respond(request, context, index++));
            }
        }
        finally
        {
            watch.Dispose();
        }
    }

    private static EchoResponse Respond(EchoRequest request, ServerCallContext context, int index)
    {
        var response = new EchoResponse
        {
            Text = request.Text,
            Index = index,
            Payload = request.ResponseSize > 0 ? ByteString.CopyFrom(Pattern(request.ResponseSize)) : request.Payload,
            RequestEncoding = context.RequestEncoding ?? string.Empty,
            Peer = context.Peer,
            Authority = context.Host,
        };
        if (context.Deadline != DateTime.MaxValue)
        {
            response.DeadlineRemaining = Duration.FromTimeSpan(context.Deadline - DateTime.UtcNow);
        }
        foreach (var entry in context.RequestHeaders)
        {
            response.Metadata.Add(new MetadataEntry
            {
                Key = entry.Key,
                Value = entry.Value ?? string.Empty,
                ValueBytes = ByteString.CopyFrom(entry.ValueBytes.Span),
            });
        }
        return response;
    }

    private static void EchoMetadata(ServerCallContext context)
    {
        foreach (var entry in context.RequestHeaders.Where(e => e.Key.StartsWith("x-echo-", StringComparison.Ordinal)))
        {
            if (entry.IsBinary)
            {
                context.ResponseHeaders.Add(entry.Key, entry.ValueBytes.ToArray());
                context.ResponseTrailers.Add(entry.Key, entry.ValueBytes.ToArray());
            }
            else
            {
                context.ResponseHeaders.Add(entry.Key, entry.Value!);
                context.ResponseTrailers.Add(entry.Key, entry.Value!);
            }
        }
        context.ResponseTrailers.Add("x-response-encoding", context.ResponseEncoding);
    }

    private static async Task DelayAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.DelayMs > 0)
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
    }

    private static void ThrowIfAsked(EchoRequest request)
    {
        if (request.CrashWith.Length > 0)
        {
            throw new InvalidOperationException(request.CrashWith);
        }
        if (request.ThrowMapped.Length > 0)
        {
            throw new KeyNotFoundException(request.ThrowMapped);
        }
        if (request.FailCode != 0)
        {
            var trailers = new Metadata().Add("x-failure-reason", "asked").Add("x-failure-detail-bin", [0, 1, 2, 0xFE, 0xFF]);
            throw new RpcException(new Status((StatusCode)request.FailCode, request.FailMessage), trailers);
        }
    }

    private CancellationTokenRegistration WatchCancellation(string tag, ServerCallContext context)
    {
        if (tag.Length == 0)
        {
            return default;
        }
        Signal(_started, tag).TrySetResult();
        return context.CancellationToken.Register(() => Signal(_cancelled, tag).TrySetResult());
    }

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string tag) =>
        signals.GetOrAdd(tag, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    internal static byte[] Pattern(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)(i % 251);
        }
        return bytes;
    }
}
