using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Provenance.Contracts.V1;
using Provenance.Core;
using Provenance.Core.Admission;
using Provenance.Testing.Media;
using ProvenanceService.Rpc;

namespace ProvenanceService.Tests.Rpc;

/// <summary>
/// Video calls against the decode budget (Admission:MaxDecodeBytes, Rpc/CallAdmission.cs): a clip is priced by its
/// frame size and the call (Provenance.Core/Admission/DecodeCost.cs), not by its length, for unary calls and for a streamed
/// upload spooled to disk alike. Sign calls are held inside admission by a gate and then cancelled, so no clip is
/// encoded; the test waits on the limiters' counts, never on time.
/// </summary>
public sealed class VideoBudgetTests
{
    private const long MiB = CallAdmission.BudgetUnit;

    /// <summary>The 8 s 1080p corpus clip, 1.7 MB: small enough for a unary call, priced at about 0.7 GiB for Sign.</summary>
    private static readonly ByteString Clip = ByteString.CopyFrom(File.ReadAllBytes(VideoClips.Corpus("garden-pan-1080p.mp4")));

    private static readonly ByteString Photo = ByteString.CopyFrom(TestMedia.Load("home.jpg"));

    private static readonly GenerationInfo Generation = new() { ModelName = "admission" };

    private static long SignUnits => Units(DecodeCost.EstimateBytes(Clip.Span, MediaCall.Sign, MediaLimits.Default));

    private static long PhotoUnits => Units(DecodeCost.EstimateBytes(Photo.Span, MediaCall.Verify, MediaLimits.Default));

    [Fact]
    public async Task Two_1080p_signs_under_a_budget_for_one_take_turns_while_pictures_keep_flowing()
    {
        // Room for one Sign of the clip and a few pictures, not for a second Sign (as the file's length, each would
        // have counted 2 MiB and both would have run together).
        Assert.True(SignUnits > 500, $"a 1080p Sign is priced at {SignUnits} MiB");
        var budget = SignUnits + 4 * PhotoUnits;
        var gate = new AdmissionTests.Gate(method => method.EndsWith("/Sign", StringComparison.Ordinal));
        var (app, address) = await AdmissionTests.StartAsync(gate, maxConcurrentCalls: 4, queueLimit: 4, maxDecodeBytes: budget * MiB);
        using var firstCancelled = new CancellationTokenSource();
        using var secondCancelled = new CancellationTokenSource();
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var admission = app.Services.GetRequiredService<CallAdmission>();

            var first = client.SignAsync(new SignRequest { Media = Clip, Generation = Generation }, cancellationToken: firstCancelled.Token).ResponseAsync;
            await gate.EnteredAsync(1);
            Assert.Equal(budget - SignUnits, admission.MemoryStatistics!.CurrentAvailablePermits);
            var second = client.SignAsync(new SignRequest { Media = Clip, Generation = Generation }, cancellationToken: secondCancelled.Token).ResponseAsync;
            await WaitUntilAsync(() => admission.MemoryStatistics!.CurrentQueuedCount > 0, "the second Sign waits for its budget");
            Assert.Equal(SignUnits, admission.MemoryStatistics!.CurrentQueuedCount);

            // Pictures still fit beside the running Sign: they run to the end while the second Sign waits. (Only
            // while the second waits for budget it does not have may nothing overtake it: these fit at once.)
            for (var i = 0; i < 3; i++)
            {
                Assert.NotEqual(Verdict.Unspecified, (await client.VerifyAsync(new VerifyRequest { Media = Photo })).Verdict);
            }
            Assert.Equal(SignUnits, admission.MemoryStatistics!.CurrentQueuedCount);
            Assert.False(second.IsCompleted);

            // The first Sign ends (cancelled here rather than encoded): the second gets its budget.
            firstCancelled.Cancel();
            Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => first)).StatusCode);
            await gate.EnteredAsync(1);
            Assert.Equal(0, admission.MemoryStatistics!.CurrentQueuedCount);
            Assert.Equal(budget - SignUnits, admission.MemoryStatistics!.CurrentAvailablePermits);

            secondCancelled.Cancel();
            Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => second)).StatusCode);
            await WaitUntilAsync(() => admission.MemoryStatistics!.CurrentAvailablePermits == budget, "the server gives the budget back");
        }
        finally
        {
            gate.ReleaseAll();
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_streamed_clip_is_priced_from_its_spool_not_from_the_bytes_in_memory()
    {
        // A spooled upload holds no bytes in memory; its Verify is priced from the spool's box headers.
        var verifyUnits = Units(DecodeCost.EstimateVideoFileBytes(VideoClips.Corpus("garden-pan-1080p.mp4"), MediaCall.Verify, MediaLimits.Default));
        Assert.True(verifyUnits > 32, $"a 1080p Verify is priced at {verifyUnits} MiB");
        var budget = SignUnits + verifyUnits - 1;
        var gate = new AdmissionTests.Gate(method => method.EndsWith("/Sign", StringComparison.Ordinal));
        var (app, address) = await AdmissionTests.StartAsync(gate, maxConcurrentCalls: 4, queueLimit: 4, maxDecodeBytes: budget * MiB);
        using var signCancelled = new CancellationTokenSource();
        using var verifyCancelled = new CancellationTokenSource();
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var admission = app.Services.GetRequiredService<CallAdmission>();
            var sign = client.SignAsync(new SignRequest { Media = Clip, Generation = Generation }, cancellationToken: signCancelled.Token).ResponseAsync;
            await gate.EnteredAsync(1);

            using var upload = client.VerifyStream(cancellationToken: verifyCancelled.Token);
            await upload.RequestStream.WriteAsync(new VerifyStreamRequest { Header = new VerifyRequest() });
            foreach (var chunk in StreamedMedia.Chunks(Clip))
            {
                await upload.RequestStream.WriteAsync(new VerifyStreamRequest { Chunk = chunk });
            }
            await upload.RequestStream.CompleteAsync();
            await WaitUntilAsync(() => admission.MemoryStatistics!.CurrentQueuedCount > 0, "the spooled upload's Verify waits for its budget");
            Assert.Equal(verifyUnits, admission.MemoryStatistics!.CurrentQueuedCount);

            verifyCancelled.Cancel();
            Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => upload.ResponseAsync)).StatusCode);
            signCancelled.Cancel();
            Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => sign)).StatusCode);
            await WaitUntilAsync(() => admission.MemoryStatistics is { CurrentAvailablePermits: var free, CurrentQueuedCount: 0 } && free == budget,
                "the server gives the budget back");
        }
        finally
        {
            gate.ReleaseAll();
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_sign_above_the_whole_budget_runs_alone_and_says_so_when_it_cannot_wait()
    {
        // 256 MiB: less than the clip's Sign. It is admitted alone; a picture waits for it rather than overtaking
        // it, and another such Sign does not fit in the queue: it is refused, saying why.
        const long budget = 256;
        Assert.True(SignUnits > budget);
        var gate = new AdmissionTests.Gate(method => method.EndsWith("/Sign", StringComparison.Ordinal));
        var (app, address) = await AdmissionTests.StartAsync(gate, maxConcurrentCalls: 4, queueLimit: 4, maxDecodeBytes: budget * MiB);
        using var signCancelled = new CancellationTokenSource();
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var admission = app.Services.GetRequiredService<CallAdmission>();
            var sign = client.SignAsync(new SignRequest { Media = Clip, Generation = Generation }, cancellationToken: signCancelled.Token).ResponseAsync;
            await gate.EnteredAsync(1);
            Assert.Equal(0, admission.MemoryStatistics!.CurrentAvailablePermits);

            var picture = client.VerifyAsync(new VerifyRequest { Media = Photo }).ResponseAsync;
            await WaitUntilAsync(() => admission.MemoryStatistics!.CurrentQueuedCount > 0, "the picture waits behind the Sign");
            var another = await Assert.ThrowsAsync<RpcException>(() =>
                client.SignAsync(new SignRequest { Media = Clip, Generation = Generation }).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, another.StatusCode);
            Assert.Contains("more than the whole budget", another.Status.Detail, StringComparison.Ordinal);
            Assert.False(picture.IsCompleted);

            signCancelled.Cancel();
            Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => sign)).StatusCode);
            Assert.NotEqual(Verdict.Unspecified, (await picture).Verdict);
        }
        finally
        {
            gate.ReleaseAll();
            await app.StopAsync();
        }
    }

    private static long Units(long bytes) => (bytes + MiB - 1) / MiB;

    /// <summary>
    /// Polls until <paramref name="condition"/> holds. The minute is no timing assertion, only a bound, so that a
    /// budget that lets the call through (as a length-priced video was) fails the test instead of hanging it.
    /// </summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "never happened: " + what);
            await Task.Delay(10);
        }
    }
}
