using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Provenance.Contracts.V1;
using Provenance.Testing;
using Provenance.Testing.Media;
using Provenance.Testing.Service;
using ProvenanceService.Storage.Sqlite;
using ProvenanceService.Tests.Observability;
using ProvenanceService.Tests.Storage.Sqlite;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProvenanceService.Tests.Durability;

/// <summary>
/// The service process when its SQLite database fails under it: a full disk answers RESOURCE_EXHAUSTED (Sign and
/// Verify) and recovers when space returns, without losing an acknowledged record; a deleted database turns
/// health NOT_SERVING and Sign UNAVAILABLE, and a restart refuses to re-create it empty.
/// </summary>
public sealed class StorageFaultServiceTests
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(15);

    [SkippableFact]
    public async Task A_full_disk_is_resource_exhausted_loses_no_acknowledged_record_and_recovers()
    {
        using var disk = SmallTmpfs.TryMount(megabytes: 6, out var whyNot);
        Skip.If(disk is null, whyNot);
        await using var service = await ServiceProcess.StartAsync(["--Storage:DataDirectory", disk.Path]);
        using var channel = GrpcChannel.ForAddress(service.Address);
        var client = new ProvenanceClient(channel);
        var photo = TestMedia.Load("home.jpg");
        await SignAsync(client, photo); // the database and its WAL exist before the disk fills
        disk.Fill(leaveBytes: 256 * 1024);

        var acknowledged = new List<SignResponse>();
        RpcException? refused = null;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            try
            {
                acknowledged.Add(await SignAsync(client, photo));
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }
        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("full", refused.Status.Detail, StringComparison.Ordinal);
        // Verify records a small report for an unsigned file: it may still fit in the database's free pages, or
        // not; either way the answer is a verdict or RESOURCE_EXHAUSTED, never INTERNAL.
        try
        {
            Assert.Equal(Verdict.Missing, (await client.VerifyAsync(new VerifyRequest { Media = ByteString.CopyFrom(photo) }).ResponseAsync).Verdict);
        }
        catch (RpcException e)
        {
            Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        }

        disk.FreeBallast();
        acknowledged.Add(await SignAsync(client, photo));
        foreach (var signed in acknowledged)
        {
            var manifest = await client.GetManifestAsync(new GetManifestRequest { Id = signed.WatermarkId }).ResponseAsync;
            Assert.Equal(signed.ManifestId, manifest.ManifestId);
        }
        Assert.DoesNotContain("Exception was thrown by handler", service.Process.StandardError + string.Join('\n', service.Process.StandardOutput));
    }

    [Fact]
    public async Task A_deleted_database_turns_health_not_serving_and_Sign_unavailable_and_is_not_recreated()
    {
        using var temp = new TempFolder("provenance-data-");
        var data = temp.Path;
        string[] arguments = ["--Storage:DataDirectory", data];
        await using (var service = await ServiceProcess.StartAsync(arguments))
        {
            using var channel = GrpcChannel.ForAddress(service.Address);
            var client = new ProvenanceClient(channel);
            await SignAsync(client, TestMedia.Load("home.jpg"));
            Assert.Equal(ServingStatus.Serving, await HealthAsync(channel));

            File.Delete(Path.Combine(data, "provenance.db"));

            var deadline = DateTime.UtcNow + HealthTimeout;
            while (await HealthAsync(channel) != ServingStatus.NotServing && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.Equal(ServingStatus.NotServing, await HealthAsync(channel));
            var logged = await service.Process.WaitForLineAsync(l => l.Contains("Store lost", StringComparison.Ordinal), HealthTimeout);
            Assert.Contains("deleted", logged, StringComparison.Ordinal);
            var refused = await Assert.ThrowsAsync<RpcException>(() => SignAsync(client, TestMedia.Load("home.jpg")));
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            Assert.Contains("deleted", refused.Status.Detail, StringComparison.Ordinal);
            var metrics = await PrometheusScrape.FetchAsync(service.WebAddress!);
            // The refusal is in the metrics (Observability/ in the service): by status, and as a fault of the store.
            Assert.Equal(1, metrics.Sum("provenance_rpc_calls_total", ("rpc_method", "Sign"), ("rpc_grpc_status", "UNAVAILABLE")));
            Assert.Equal(1, metrics.Sum("provenance_store_faults_total", ("operation", "add_signed"), ("fault", "lost")));
            Assert.False(File.Exists(Path.Combine(data, "provenance.db")));
        }

        var (exitCode, standardError, _) = await ServiceProcess.RunToFailureAsync(arguments);
        Assert.Equal(2, exitCode);
        Assert.Contains(SqliteManifestStore.MarkerSuffix, standardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "provenance.db")));
    }

    private static async Task<ServingStatus> HealthAsync(GrpcChannel channel) =>
        (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "" })).Status;

    private static Task<SignResponse> SignAsync(ProvenanceClient client, byte[] media) =>
        client.SignAsync(new SignRequest { Media = ByteString.CopyFrom(media), Generation = new GenerationInfo { ModelName = "fault-test" } },
            Bearer.Of(ExampleKeys.GeneratorKey)).ResponseAsync;
}
