using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using Provenance.Contracts.V1;
using Provenance.Core.Credentials;
using Provenance.Core.Imaging;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Testing.Media;
using Provenance.Testing.Service;
using ProvenanceService.Tests.Storage.Postgres;
using Xunit.Abstractions;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// Two service processes (replicas A and B) on one PostgreSQL database, each with its own copy of the key set,
/// as behind a load balancer: what one stores the other finds, concurrent Signs on both store distinct watermark
/// IDs, and a key revoked in A's key set is refused by B.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaTests(PostgresCluster cluster, ITestOutputHelper output)
{
    /// <summary>Generous for a loaded CI machine; the time actually taken is printed.</summary>
    private static readonly TimeSpan PropagationTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Two_replicas_on_one_database_share_records_reports_and_revocations()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        using var keysA = new KeySetCopy();
        using var keysB = new KeySetCopy();
        // Six concurrent Signs meet two call slots per replica: on a loaded machine the default 2 s admission queue
        // can shed one (UNAVAILABLE), which is not what this test is about, so the queue waits up to its maximum.
        string[] Arguments(KeySetCopy keys) =>
            [.. keys.ServiceArguments, "--Storage:Provider", "postgres", "--Storage:ConnectionString", connectionString,
                "--Admission:QueueTimeout", "00:01:00"];
        // Started together: their schema migrations race and must apply once.
        var startA = ServiceProcess.StartAsync(Arguments(keysA));
        var startB = ServiceProcess.StartAsync(Arguments(keysB));
        await using var a = await startA;
        await using var b = await startB;
        using var channelA = GrpcChannel.ForAddress(a.Address);
        using var channelB = GrpcChannel.ForAddress(b.Address);
        var clientA = new ProvenanceClient(channelA);
        var clientB = new ProvenanceClient(channelB);

        // Signed on A, verified and recovered on B.
        var photo = TestMedia.Load("home.jpg");
        var signed = await SignAsync(clientA, photo);
        Assert.Equal(Verdict.Verified, (await VerifyAsync(clientB, signed.Media)).Verdict);
        var stripped = ByteString.CopyFrom(MediaEdits.ReEncode(signed.Media.ToByteArray(), EncodeSettings.Jpeg(85)));
        var recovered = await VerifyAsync(clientB, stripped);
        Assert.Equal(Verdict.Recovered, recovered.Verdict);
        Assert.Equal(signed.ManifestId, recovered.Manifest.ManifestId);

        // Concurrent Signs on both replicas: every one stored, no watermark ID twice.
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => SignAsync(i % 2 == 0 ? clientA : clientB, photo)));
        Assert.Equal(concurrent.Length, concurrent.Select(s => s.WatermarkId).Distinct().Count());
        foreach (var s in concurrent)
        {
            Assert.Equal(s.ManifestId, (await clientA.GetManifestAsync(new GetManifestRequest { Id = s.WatermarkId }).ResponseAsync).ManifestId);
            Assert.Equal(s.ManifestId, (await clientB.GetManifestAsync(new GetManifestRequest { Id = s.WatermarkId }).ResponseAsync).ManifestId);
        }

        // A report recorded by A is listed by B.
        var missing = await VerifyAsync(clientA, ByteString.CopyFrom(TestMedia.Load("butterfly.jpg")));
        Assert.Equal(Verdict.Missing, missing.Verdict);
        var reports = await clientB.ListReportsAsync(new ListReportsRequest(), Bearer.Of(ExampleKeys.AuditorKey)).ResponseAsync;
        Assert.Contains(reports.Reports, r => r.ReportId == missing.ReportId);

        // The generator key revoked in A's key set only; B learns it through the database.
        const string reason = "key found in a public repository";
        var clock = Stopwatch.StartNew();
        Revocations.RevokeGenerator(keysA.Directory, ExampleKeys.GeneratorKey, reason, DateTimeOffset.UtcNow);
        GetManifestResponse manifest;
        do
        {
            manifest = await clientB.GetManifestAsync(new GetManifestRequest { Id = signed.WatermarkId }).ResponseAsync;
            if (manifest.Revoked || clock.Elapsed > PropagationTimeout)
            {
                break;
            }
            await Task.Delay(50);
        }
        while (true);
        output.WriteLine($"B saw the revocation made in A's key set after {clock.ElapsedMilliseconds} ms");
        Assert.True(manifest.Revoked, $"B did not see the revocation within {PropagationTimeout}");
        Assert.Contains(reason, manifest.RevocationReason, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<RpcException>(() => SignAsync(clientB, photo));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains(reason, refused.Status.Detail, StringComparison.Ordinal);
        var untrusted = await VerifyAsync(clientB, stripped);
        Assert.Equal(Verdict.Untrusted, untrusted.Verdict);
        Assert.Contains(reason, untrusted.VerdictReason, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(keysB.PathOf(KeyDirectory.ApiKeysFile)), reason); // B's own file never changed
    }

    [Fact]
    public async Task Killing_one_replica_during_Sign_load_loses_no_acknowledged_record_and_the_other_keeps_serving()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        string[] arguments = ["--Storage:Provider", "postgres", "--Storage:ConnectionString", connectionString];
        await using var a = await ServiceProcess.StartAsync(arguments);
        await using var b = await ServiceProcess.StartAsync(arguments);
        using var channelA = GrpcChannel.ForAddress(a.Address);
        using var channelB = GrpcChannel.ForAddress(b.Address);
        var photo = TestMedia.Load("home.jpg");
        var acknowledgedByA = new ConcurrentBag<SignResponse>();
        var acknowledgedByB = new ConcurrentBag<SignResponse>();
        var bAfterKill = 0;
        var killed = false;
        using var stop = new CancellationTokenSource();

        async Task Worker(ProvenanceClient client, ConcurrentBag<SignResponse> acknowledged, bool onB)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    acknowledged.Add(await SignAsync(client, photo));
                    if (onB && Volatile.Read(ref killed))
                    {
                        Interlocked.Increment(ref bAfterKill);
                    }
                }
                catch (Exception e) when (!onB && e is RpcException or HttpRequestException)
                {
                    return; // A was killed: calls in flight fail, and were never acknowledged
                }
            }
        }

        var workers = new List<Task>();
        for (var i = 0; i < 2; i++)
        {
            workers.Add(Worker(new ProvenanceClient(channelA), acknowledgedByA, onB: false));
            workers.Add(Worker(new ProvenanceClient(channelB), acknowledgedByB, onB: true));
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (acknowledgedByA.Count < 6 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        a.Process.Kill(); // SIGKILL, Signs in flight on A
        Volatile.Write(ref killed, true);
        while (Volatile.Read(ref bAfterKill) < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.True(acknowledgedByA.Count >= 6, $"A acknowledged only {acknowledgedByA.Count} Signs");
        Assert.True(bAfterKill >= 4, $"B acknowledged only {bAfterKill} Signs after A was killed");
        var clientB = new ProvenanceClient(channelB);
        foreach (var signed in acknowledgedByA.Concat(acknowledgedByB))
        {
            var stored = await clientB.GetManifestAsync(new GetManifestRequest { Id = signed.WatermarkId }).ResponseAsync;
            Assert.Equal(signed.ManifestId, stored.ManifestId);
        }
        output.WriteLine($"acknowledged: {acknowledgedByA.Count} by A before SIGKILL, {acknowledgedByB.Count} by B ({bAfterKill} after it); all found through B");
    }

    private static Task<SignResponse> SignAsync(ProvenanceClient client, byte[] media) =>
        client.SignAsync(new SignRequest { Media = ByteString.CopyFrom(media), Generation = new GenerationInfo { ModelName = "replica-test" } },
            Bearer.Of(ExampleKeys.GeneratorKey)).ResponseAsync;

    private static Task<VerifyResponse> VerifyAsync(ProvenanceClient client, ByteString media) =>
        client.VerifyAsync(new VerifyRequest { Media = media }).ResponseAsync;
}
