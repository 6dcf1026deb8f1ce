using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Provenance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Testing;
using Provenance.Testing.Service;

namespace ProvenanceService.Tests.Durability;

/// <summary>
/// Nothing a caller was told is saved may be lost, even on kill -9: the service is killed with SIGKILL while Sign
/// and Verify calls are in flight, restarted on the same data directory, and every acknowledged manifest and
/// report must be there, in a database that passes SQLite's integrity check.
/// </summary>
public sealed class KillDuringWritesTests : IDisposable
{
    private const int SignWorkers = 3;
    private const int AcknowledgedSignsBeforeKill = 12;
    private const int AcknowledgedReportsBeforeKill = 8;
    private readonly string _data = Directory.CreateTempSubdirectory("provenance-kill-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_SIGKILL_and_the_database_stays_sound()
    {
        var photo = ByteString.CopyFrom(File.ReadAllBytes(Path.Combine(RepositoryPaths.Photos, "home.jpg")));
        var signed = new ConcurrentBag<(string ManifestId, string WatermarkId)>();
        var reports = new ConcurrentBag<string>();
        var inFlight = 0;
        var inFlightAtKill = 0;

        var first = await ServiceProcess.StartAsync(["--Storage:DataDirectory", _data]);
        using (var channel = GrpcChannel.ForAddress(first.Address))
        {
            var client = new ProvenanceClient(channel);
            var generator = new CallOptions(new Metadata { { "authorization", "Bearer " + ExampleKeys.GeneratorKey } });
            using var stop = new CancellationTokenSource();

            async Task Loop(Func<Task> call)
            {
                while (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref inFlight);
                    try
                    {
                        await call();
                    }
                    catch (RpcException)
                    {
                        // Calls cut off by the kill fail; they were never acknowledged.
                    }
                    catch (HttpRequestException)
                    {
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }
            }

            var workers = Enumerable.Range(0, SignWorkers).Select(_ => Task.Run(() => Loop(async () =>
            {
                var response = await client.SignAsync(new SignRequest { Media = photo, Generation = new GenerationInfo { ModelName = "kill-test" } }, generator);
                signed.Add((response.ManifestId, response.WatermarkId));
            }))).ToList();
            workers.Add(Task.Run(() => Loop(async () =>
            {
                var response = await client.VerifyAsync(new VerifyRequest { Media = photo });
                reports.Add(response.ReportId);
            })));

            var deadline = DateTime.UtcNow.AddMinutes(3);
            while ((signed.Count < AcknowledgedSignsBeforeKill || reports.Count < AcknowledgedReportsBeforeKill) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            // Kill at a moment when calls are in the middle of being served.
            while (Volatile.Read(ref inFlight) == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1);
            }
            inFlightAtKill = Volatile.Read(ref inFlight);
            first.Process.Kill();
            await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            stop.Cancel();
            await Task.WhenAll(workers);
        }
        var acknowledgedSigns = signed.ToList();
        var acknowledgedReports = reports.ToList();
        await first.DisposeAsync();

        Assert.True(acknowledgedSigns.Count >= AcknowledgedSignsBeforeKill, $"only {acknowledgedSigns.Count} signs before the deadline");
        Assert.True(acknowledgedReports.Count >= AcknowledgedReportsBeforeKill, $"only {acknowledgedReports.Count} reports before the deadline");
        Assert.True(inFlightAtKill > 0, "the kill did not interrupt any call");

        await using (var second = await ServiceProcess.StartAsync(["--Storage:DataDirectory", _data]))
        {
            using var channel = GrpcChannel.ForAddress(second.Address);
            var client = new ProvenanceClient(channel);
            foreach (var (manifestId, watermarkId) in acknowledgedSigns)
            {
                var byWatermark = await client.GetManifestAsync(new GetManifestRequest { Id = watermarkId });
                Assert.Equal(manifestId, byWatermark.ManifestId);
            }

            var auditor = new CallOptions(new Metadata { { "authorization", "Bearer " + ExampleKeys.AuditorKey } });
            var listed = new HashSet<string>();
            var request = new ListReportsRequest { PageSize = 500 };
            do
            {
                var page = await client.ListReportsAsync(request, auditor);
                listed.UnionWith(page.Reports.Select(r => r.ReportId));
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);
            Assert.Subset(listed, acknowledgedReports.ToHashSet());
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "provenance.db")};Mode=ReadOnly");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", (string?)check.ExecuteScalar());
        using var audit = connection.CreateCommand();
        audit.CommandText = "SELECT count(*) FROM sign_audit WHERE outcome = 'OK';";
        Assert.True((long)audit.ExecuteScalar()! >= acknowledgedSigns.Count);
    }
}
