using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ProvenanceService.Options;

namespace ProvenanceService.Rpc;

/// <summary>
/// The budget of expensive calls: a <see cref="ConcurrencyLimiter"/> of <see cref="AdmissionOptions.MaxConcurrentCalls"/>
/// slots with a queue of <see cref="AdmissionOptions.QueueLimit"/>, oldest first. A call gets a slot, waits at most
/// <see cref="AdmissionOptions.QueueTimeout"/> (or until it is cancelled) for one, or is turned away at once when
/// the queue is full. One instance per host (a singleton), shared by every expensive method.
/// </summary>
internal sealed class CallAdmission : IDisposable
{
    private readonly ConcurrencyLimiter limiter;
    private readonly TimeSpan queueTimeout;

    public CallAdmission(IOptions<AdmissionOptions> options)
    {
        var admission = options.Value;
        queueTimeout = admission.QueueTimeout;
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = admission.MaxConcurrentCalls,
            QueueLimit = admission.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Calls running and waiting now (for tests and diagnostics).</summary>
    public RateLimiterStatistics? Statistics => limiter.GetStatistics();

    /// <summary>
    /// A slot for one call, to be disposed when the call ends; null when none came free in time. Throws
    /// <see cref="OperationCanceledException"/> when the call itself was cancelled (or its deadline passed) while it waited.
    /// </summary>
    public async Task<RateLimitLease?> EnterAsync(CancellationToken callCancelled)
    {
        // A free slot is taken without a timer; only a call that has to queue starts one.
        var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        timeout.CancelAfter(queueTimeout);
        try
        {
            lease = await limiter.AcquireAsync(1, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!callCancelled.IsCancellationRequested)
        {
            return null; // waited QueueTimeout in the queue
        }
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose(); // the queue was full
        return null;
    }

    public void Dispose() => limiter.Dispose();
}
