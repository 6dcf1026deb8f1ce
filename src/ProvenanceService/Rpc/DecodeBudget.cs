using System.Threading.RateLimiting;

namespace ProvenanceService.Rpc;

/// <summary>
/// The decode memory of <see cref="CallAdmission"/>: a count of mebibytes that calls take and give back, with a queue
/// of at most one budget's worth, served oldest first, and one exception to that order (backfill): a call may go past
/// the call waiting at the head of the queue when it fits in what is free now <em>and</em>, with the other calls that
/// went past the same head, in what the head leaves of the whole budget. So a second 1080p video Sign waiting for the
/// first to end does not stop small pictures, which fit beside it, from running meanwhile.
/// <para>
/// No call waits forever (the reason a plain first-come-first-served queue was used before, and
/// <see cref="System.Threading.RateLimiting.ConcurrencyLimiter"/> lets nothing past a waiting call): the head is
/// admitted at the latest when every call that held budget when it reached the head has ended, because the calls let
/// past it hold at most the budget minus what it needs. A call that needs the whole budget (estimates above it are
/// clamped to it by the caller) therefore runs alone, and nothing goes past it.
/// </para>
/// </summary>
internal sealed class DecodeBudget(int capacity)
{
    private readonly int capacity = capacity;
    private readonly Lock sync = new();
    private readonly LinkedList<Waiter> queue = new();
    private int available = capacity;
    private int queued;

    // The units held by calls let past the head of the queue, and the head they went past (reset when it changes).
    private Waiter? passedHead;
    private int passing;

    /// <summary>Units free and units waiting, as a rate limiter reports them (for tests and diagnostics).</summary>
    public RateLimiterStatistics Statistics
    {
        get
        {
            lock (sync)
            {
                return new RateLimiterStatistics { CurrentAvailablePermits = available, CurrentQueuedCount = queued };
            }
        }
    }

    /// <summary>
    /// A lease of <paramref name="units"/> (1 to the capacity), or null when the queue had no room for it or it waited
    /// <paramref name="timeout"/> in vain. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="callCancelled"/> fires first.
    /// </summary>
    public async Task<IDisposable?> AcquireAsync(int units, TimeSpan timeout, CancellationToken callCancelled)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(units, capacity);
        Waiter waiter;
        lock (sync)
        {
            if (TryGrant(units) is { } lease)
            {
                return lease;
            }
            if (queued + units > capacity)
            {
                return null; // the queue holds one budget's worth: refused at once rather than waiting longer
            }
            waiter = new Waiter(units);
            waiter.Node = queue.AddLast(waiter);
            queued += units;
        }
        // Only a call that has to queue starts a timer.
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        timer.CancelAfter(timeout);
        using (timer.Token.Register(() => Abandon(waiter)))
        {
            try
            {
                return await waiter.Granted.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                callCancelled.ThrowIfCancellationRequested();
                return null; // waited the whole timeout
            }
        }
    }

    /// <summary>A lease for a newcomer, when one may be had now (under the lock).</summary>
    private Lease? TryGrant(int units)
    {
        if (units > available)
        {
            return null;
        }
        if (queue.First is not { } head)
        {
            available -= units;
            return new Lease(this, units, passed: null);
        }
        return MayPass(head.Value, units) ? Pass(head.Value, units) : null;
    }

    /// <summary>Whether <paramref name="units"/> more may go past <paramref name="head"/> without taking what it waits for.</summary>
    private bool MayPass(Waiter head, int units)
    {
        if (passedHead != head)
        {
            passedHead = head;
            passing = 0; // the calls let past an earlier head hold budget like any other now
        }
        return units <= available && passing + units <= capacity - head.Units;
    }

    private Lease Pass(Waiter head, int units)
    {
        available -= units;
        passing += units;
        return new Lease(this, units, head);
    }

    private void Release(Lease lease)
    {
        lock (sync)
        {
            available += lease.Units;
            if (lease.Passed is { } head && head == passedHead)
            {
                passing -= lease.Units;
            }
            Serve();
        }
    }

    /// <summary>A waiter whose timeout or caller's cancellation fired; nothing when it was served first.</summary>
    private void Abandon(Waiter waiter)
    {
        lock (sync)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }
            Dequeue(waiter);
            waiter.Granted.TrySetCanceled();
            Serve(); // a head that gave up may have stood in front of calls that fit
        }
    }

    /// <summary>Admits the head while it fits, oldest first, then the later waiters that may go past the new head (under the lock).</summary>
    private void Serve()
    {
        while (queue.First?.Value is { } head && head.Units <= available)
        {
            Dequeue(head);
            available -= head.Units;
            head.Granted.TrySetResult(new Lease(this, head.Units, passed: null));
        }
        if (queue.First?.Value is not { } waiting)
        {
            return;
        }
        for (var node = queue.First.Next; node is not null;)
        {
            var next = node.Next;
            if (MayPass(waiting, node.Value.Units))
            {
                Dequeue(node.Value);
                node.Value.Granted.TrySetResult(Pass(waiting, node.Value.Units));
            }
            node = next;
        }
    }

    private void Dequeue(Waiter waiter)
    {
        queue.Remove(waiter.Node!);
        queued -= waiter.Units;
    }

    private sealed class Waiter(int units)
    {
        public int Units { get; } = units;

        public LinkedListNode<Waiter>? Node { get; set; }

        public TaskCompletionSource<IDisposable?> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Lease(DecodeBudget budget, int units, Waiter? passed) : IDisposable
    {
        private int released;

        public int Units { get; } = units;

        /// <summary>The head this call went past, or null when it was admitted in its turn.</summary>
        public Waiter? Passed { get; } = passed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                budget.Release(this);
            }
        }
    }
}
