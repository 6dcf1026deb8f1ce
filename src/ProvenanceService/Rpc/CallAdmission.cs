using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Provenance.Core;
using Provenance.Core.Admission;
using ProvenanceService.Application;
using ProvenanceService.Options;

namespace ProvenanceService.Rpc;

/// <summary>
/// The budget of expensive calls, in two limits taken in turn: a slot among
/// <see cref="AdmissionOptions.MaxConcurrentCalls"/> (a <see cref="ConcurrencyLimiter"/> with a queue of
/// <see cref="AdmissionOptions.QueueLimit"/>, oldest first), then the call's estimated decode memory out of
/// <see cref="AdmissionOptions.MaxDecodeBytes"/> (<see cref="DecodeBudget"/>, counting mebibytes, whose queue holds one
/// budget's worth). The estimate comes from the file's header (Provenance.Core's <see cref="DecodeCost"/>: a picture's
/// pixels, a clip's frame size and whether it is Sign or Verify, a sound's samples). A call waits at most
/// <see cref="AdmissionOptions.QueueTimeout"/> in all (or until it is cancelled), or is turned away at once when a
/// queue is full: UNAVAILABLE with a retry hint. One instance per host (a singleton), used by
/// <see cref="AdmissionInterceptor"/> for unary calls, and by the streaming handlers and the web upload route
/// (Web/VerifyUploadEndpoint.cs) once their upload is in.
/// </summary>
/// <remarks>
/// Counting calls alone let four parallel 100 MP decodes (about 1.3 GB each) run on a 4-slot host; the memory
/// limit makes them take turns while small pictures keep their slots, and so for 1080p video Signs (about 0.7 GiB
/// each with their ffmpeg processes, however short the file). Waiting for memory while holding a slot
/// cannot deadlock: whoever holds memory holds its slot too and waits for nothing.
/// </remarks>
internal sealed class CallAdmission : IDisposable
{
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    /// <summary>The decode budget's unit: estimates are rounded up to whole mebibytes.</summary>
    public const long BudgetUnit = 1024 * 1024;

    private readonly ConcurrencyLimiter calls;
    private readonly DecodeBudget memory;
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
        memory = new DecodeBudget((int)(settings.MaxDecodeBytes / BudgetUnit));
    }

    /// <summary>Calls running and waiting now (for tests and diagnostics).</summary>
    public RateLimiterStatistics? Statistics => calls.GetStatistics();

    /// <summary>Decode budget in use and asked for, in mebibytes (for tests and diagnostics).</summary>
    public RateLimiterStatistics? MemoryStatistics => memory.Statistics;

    /// <summary>
    /// Admits one <paramref name="call"/> that will decode <paramref name="media"/>: the returned lease holds its slot
    /// and its decode budget until disposed. Throws <see cref="RpcException"/> UNAVAILABLE (with
    /// <see cref="RetryPushbackTrailer"/>) when no slot or budget came free in time, and
    /// <see cref="OperationCanceledException"/> when the call was cancelled or its deadline passed while it waited
    /// (which ExceptionStatusInterceptor answers CANCELLED or DEADLINE_EXCEEDED).
    /// </summary>
    public Task<IDisposable> AdmitAsync(ReadOnlyMemory<byte> media, MediaCall call, ServerCallContext context) =>
        AdmitAsync(media, call, context.Method, context.CancellationToken);

    /// <summary>As <see cref="AdmitAsync(ReadOnlyMemory{byte}, MediaCall, ServerCallContext)"/> for a call that is not gRPC (the web upload route).</summary>
    public Task<IDisposable> AdmitAsync(ReadOnlyMemory<byte> media, MediaCall call, string method, CancellationToken cancellationToken) =>
        AdmitAsync(() => DecodeCost.EstimateBytes(media.Span, call, limits), method, cancellationToken);

    /// <summary>
    /// As <see cref="AdmitAsync(ReadOnlyMemory{byte}, MediaCall, ServerCallContext)"/> for a video a streaming call
    /// spooled to disk: its estimate comes from the spool's box headers (the samples are not read).
    /// </summary>
    public Task<IDisposable> AdmitAsync(SpooledMedia spool, MediaCall call, ServerCallContext context) =>
        AdmitAsync(() => DecodeCost.EstimateVideoFileBytes(spool.Path, call, limits), context.Method, context.CancellationToken);

    /// <summary>
    /// A slot, then <paramref name="estimate"/>'s bytes of decode budget. The estimate is taken once the slot is held:
    /// it reads the file's header (a spooled video's from disk), which is the call's work, not the queue's.
    /// </summary>
    private async Task<IDisposable> AdmitAsync(Func<long> estimate, string method, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var slot = await AcquireAsync(calls, 1, settings.QueueTimeout, cancellationToken).ConfigureAwait(false);
        if (slot is null)
        {
            throw Refuse(method, $"all {settings.MaxConcurrentCalls} slots for Sign and Verify calls are taken and none came free in time");
        }
        try
        {
            var bytes = estimate();
            var budgetUnits = settings.MaxDecodeBytes / BudgetUnit;
            // A file above the whole budget runs alone rather than never: it waits for every other call's budget,
            // and nothing goes past it meanwhile (DecodeBudget).
            var units = (int)Math.Clamp((bytes + BudgetUnit - 1) / BudgetUnit, 1, budgetUnits);
            var left = settings.QueueTimeout - (DateTime.UtcNow - started);
            var budget = await memory.AcquireAsync(units, left < TimeSpan.Zero ? TimeSpan.Zero : left, cancellationToken).ConfigureAwait(false);
            if (budget is null)
            {
                var alone = bytes > settings.MaxDecodeBytes ? ", more than the whole budget: it runs only while no other Sign or Verify does" : "";
                throw Refuse(method, string.Create(CultureInfo.InvariantCulture,
                    $"this call needs about {bytes / BudgetUnit} MiB to decode its file{alone}, and the {budgetUnits} MiB decode budget did not free that much in time"));
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

    public void Dispose() => calls.Dispose();

    private sealed class Lease(RateLimitLease slot, IDisposable budget) : IDisposable
    {
        public void Dispose()
        {
            budget.Dispose();
            slot.Dispose();
        }
    }
}
