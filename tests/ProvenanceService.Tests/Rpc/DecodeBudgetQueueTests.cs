using ProvenanceService.Rpc;

namespace ProvenanceService.Tests.Rpc;

/// <summary>
/// The decode budget's queue (Rpc/DecodeBudget.cs) on its own: oldest first, calls that fit beside the head's
/// reservation go past it, nothing goes past a call that needs the whole budget, and the head is served once the
/// calls that held budget when it reached the head have ended, however many others keep arriving. Waiting calls
/// are observed through their tasks and the statistics, never through time (timeouts are a minute, or zero).
/// </summary>
public sealed class DecodeBudgetQueueTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Small_calls_go_past_a_waiting_large_one_only_within_what_it_leaves()
    {
        var budget = new DecodeBudget(100);
        var running = await budget.AcquireAsync(70, Long, CancellationToken.None);
        var large = budget.AcquireAsync(70, Long, CancellationToken.None); // waits: 30 free
        Assert.False(large.IsCompleted);
        Assert.Equal(70, budget.Statistics.CurrentQueuedCount);

        // The large one will need 70 of 100: calls past it may hold 30 between them.
        var small1 = await budget.AcquireAsync(20, Long, CancellationToken.None);
        var small2 = await budget.AcquireAsync(10, Long, CancellationToken.None);
        Assert.NotNull(small1);
        Assert.NotNull(small2);
        var small3 = budget.AcquireAsync(10, Long, CancellationToken.None); // 0 free: waits behind the large one
        Assert.False(small3.IsCompleted);

        // One that went past ends: another may take its place.
        small1!.Dispose();
        var lease3 = await small3;
        Assert.NotNull(lease3);
        Assert.False(large.IsCompleted);

        // The call that held budget when the large one reached the head ends: the large one is served at once,
        // since the calls let past it hold no more than it left.
        running!.Dispose();
        var largeLease = await large;
        Assert.NotNull(largeLease);
        Assert.Equal(0, budget.Statistics.CurrentQueuedCount);
        Assert.Equal(100 - 70 - 10 - 10, budget.Statistics.CurrentAvailablePermits);
        largeLease!.Dispose();
        small2!.Dispose();
        lease3!.Dispose();
        Assert.Equal(100, budget.Statistics.CurrentAvailablePermits);
    }

    [Fact]
    public async Task Nothing_goes_past_a_call_that_needs_the_whole_budget_and_it_is_not_starved()
    {
        var budget = new DecodeBudget(100);
        var first = await budget.AcquireAsync(10, Long, CancellationToken.None);
        var whole = budget.AcquireAsync(100, Long, CancellationToken.None);
        Assert.False(whole.IsCompleted);
        // 90 are free, but any of it would delay the call that needs all 100; and it fills the queue.
        Assert.Null(await budget.AcquireAsync(1, Long, CancellationToken.None));
        first!.Dispose();
        var alone = await whole;
        Assert.NotNull(alone);
        var small = budget.AcquireAsync(1, Long, CancellationToken.None);
        Assert.False(small.IsCompleted); // it runs alone
        alone!.Dispose();
        (await small)!.Dispose();
        Assert.Equal(100, budget.Statistics.CurrentAvailablePermits);
    }

    [Fact]
    public async Task A_head_is_served_when_its_earlier_holders_end_however_many_small_calls_keep_coming()
    {
        var budget = new DecodeBudget(100);
        var earlier = await budget.AcquireAsync(60, Long, CancellationToken.None);
        var head = budget.AcquireAsync(60, Long, CancellationToken.None);
        // Small calls arrive and end one after another, always overlapping: each goes past the head.
        var passing = await budget.AcquireAsync(20, Long, CancellationToken.None);
        for (var i = 0; i < 50; i++)
        {
            var next = await budget.AcquireAsync(20, Long, CancellationToken.None);
            Assert.NotNull(next);
            passing!.Dispose();
            passing = next;
        }
        Assert.False(head.IsCompleted);
        earlier!.Dispose();
        Assert.NotNull(await head); // 60 of the 80 free: served at once, though a small call still runs
        passing!.Dispose();
    }

    [Fact]
    public async Task A_call_beyond_the_queue_is_refused_at_once_and_one_that_times_out_gets_nothing()
    {
        var budget = new DecodeBudget(100);
        var held = await budget.AcquireAsync(100, Long, CancellationToken.None);
        var waiting = budget.AcquireAsync(80, Long, CancellationToken.None);
        Assert.Null(await budget.AcquireAsync(30, Long, CancellationToken.None)); // 80 + 30 queued > one budget
        Assert.Null(await budget.AcquireAsync(10, TimeSpan.Zero, CancellationToken.None)); // queued, and no time to wait
        Assert.Equal(80, budget.Statistics.CurrentQueuedCount);

        using var cancelled = new CancellationTokenSource();
        var abandoned = budget.AcquireAsync(20, Long, cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(80, budget.Statistics.CurrentQueuedCount);

        held!.Dispose();
        (await waiting)!.Dispose();
        Assert.Equal(100, budget.Statistics.CurrentAvailablePermits);
        Assert.Equal(0, budget.Statistics.CurrentQueuedCount);
    }
}
