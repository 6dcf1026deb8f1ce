using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Provenance.Core;
using Provenance.Core.Imaging;
using ProvenanceService.Options;

namespace ProvenanceService.Rpc;

/// <summary>
/// The budget of expensive calls, in two limits taken in turn: a slot among
/// <see cref="AdmissionOptions.MaxConcurrentCalls"/> (a <see cref="ConcurrencyLimiter"/> with a queue of
/// <see cref="AdmissionOptions.QueueLimit"/>, oldest first), then the call's estimated decode memory out of
/// <see cref="AdmissionOptions.MaxDecodeBytes"/> (a second limiter counting mebibytes, whose queue holds one budget's
/// worth). A call waits at most <see cref="AdmissionOptions.QueueTimeout"/> in all (or until it is cancelled), or is
/// turned away at once when a queue is full: UNAVAILABLE with a retry hint. One instance per host (a singleton),
/// used by <see cref="AdmissionInterceptor"/> for unary calls, and by the streaming handlers and the web upload route
/// (Web/VerifyUploadEndpoint.cs) once their upload is in.
/// </summary>
/// <remarks>
/// Counting calls alone let four parallel 100 MP decodes (about 1.3 GB each) run on a 4-slot host; the memory
/// limit makes them take turns while small pictures keep their slots. Waiting for memory while holding a slot
/// cannot deadlock: whoever holds memory holds its slot too and waits for nothing.
/// </remarks>
internal sealed class CallAdmission : IDisposable
{
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    /// <summary>The decode budget's unit: estimates are rounded up to whole mebibytes.</summary>
    public const long BudgetUnit = 1024 * 1024;

    private readonly ConcurrencyLimiter calls;
    private readonly ConcurrencyLimiter memory;
    private readonly AdmissionOptions settings;
    private readonly MediaLimits limits;
    private readonly ILogger<CallAdmission> logger;

    public CallAdmission(IOptions<AdmissionOptions> options, MediaLimits limits, ILogger<CallAdmission> logger)
    {
        settings = options.Value;
        this.limits = limits;
        this.logger = logger;
        calls = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.MaxConcurrentCalls,
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var units = (int)(settings.MaxDecodeBytes / BudgetUnit);
        memory = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = units,
            QueueLimit = units,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Calls running and waiting now (for tests and diagnostics).</summary>
    public RateLimiterStatistics? Statistics => calls.GetStatistics();

    /// <summary>Decode budget in use and asked for, in mebibytes (for tests and diagnostics).</summary>
    public RateLimiterStatistics? MemoryStatistics => memory.GetStatistics();

    /// <summary>
    /// Admits one call that will decode <paramref name="media"/>: the returned lease holds its slot and its decode
    /// budget until disposed. Throws <see cref="RpcException"/> UNAVAILABLE (with <see cref="RetryPushbackTrailer"/>)
    /// when no slot or budget came free in time, and <see cref="OperationCanceledException"/> when the call was
    /// cancelled or its deadline passed while it waited (which ExceptionStatusInterceptor answers CANCELLED or
    /// DEADLINE_EXCEEDED).
    /// </summary>
    public Task<IDisposable> AdmitAsync(ReadOnlyMemory<byte> media, ServerCallContext context) =>
        AdmitAsync(media, context.Method, context.CancellationToken);

    /// <summary>As <see cref="AdmitAsync(ReadOnlyMemory{byte}, ServerCallContext)"/> for a call that is not gRPC (the web upload route).</summary>
    public async Task<IDisposable> AdmitAsync(ReadOnlyMemory<byte> media, string method, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var slot = await AcquireAsync(calls, 1, settings.QueueTimeout, cancellationToken).ConfigureAwait(false);
        if (slot is null)
        {
            throw Refuse(method, $"all {settings.MaxConcurrentCalls} slots for Sign and Verify calls are taken and none came free in time");
        }
        try
        {
            var estimate = DecodeCost.EstimateBytes(media.Span, limits);
            // A picture above the whole budget runs alone rather than never.
            var units = (int)Math.Clamp((estimate + BudgetUnit - 1) / BudgetUnit, 1, settings.MaxDecodeBytes / BudgetUnit);
            var left = settings.QueueTimeout - (DateTime.UtcNow - started);
            var budget = await AcquireAsync(memory, units, left < TimeSpan.Zero ? TimeSpan.Zero : left, cancellationToken).ConfigureAwait(false);
            if (budget is null)
            {
                throw Refuse(method, string.Create(CultureInfo.InvariantCulture,
                    $"decoding this file needs about {estimate / BudgetUnit} MiB and the {settings.MaxDecodeBytes / BudgetUnit} MiB decode budget did not free that much in time"));
            }
            return new Lease(slot, budget);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    /// <summary>A lease of <paramref name="permits"/>, or null when none came in <paramref name="timeout"/> or the queue was full.</summary>
    private static async Task<RateLimitLease?> AcquireAsync(ConcurrencyLimiter limiter, int permits, TimeSpan timeout, CancellationToken callCancelled)
    {
        // Free permits are taken without a timer; only a call that has to queue starts one.
        var lease = limiter.AttemptAcquire(permits);
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        timer.CancelAfter(timeout);
        try
        {
            lease = await limiter.AcquireAsync(permits, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!callCancelled.IsCancellationRequested)
        {
            return null; // waited the whole timeout in the queue
        }
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose(); // the queue was full
        return null;
    }

    private RpcException Refuse(string method, string why)
    {
        logger.LogWarning("{Method}: refused by admission control: {Reason}", method, why);
        return Busy(why, settings.RetryAfter);
    }

    /// <summary>The refusal of a call the server has no room for: UNAVAILABLE, nothing done, retry after <paramref name="retryAfter"/>.</summary>
    public static RpcException Busy(string why, TimeSpan retryAfter)
    {
        var milliseconds = (long)retryAfter.TotalMilliseconds;
        return new RpcException(
            new Status(StatusCode.Unavailable, $"The server is busy: {why}. Nothing was done; retry after {milliseconds} ms."),
            new Metadata { { RetryPushbackTrailer, milliseconds.ToString(CultureInfo.InvariantCulture) } });
    }

    public void Dispose()
    {
        calls.Dispose();
        memory.Dispose();
    }

    private sealed class Lease(RateLimitLease slot, RateLimitLease budget) : IDisposable
    {
        public void Dispose()
        {
            budget.Dispose();
            slot.Dispose();
        }
    }
}
