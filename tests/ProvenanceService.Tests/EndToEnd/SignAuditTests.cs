using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Provenance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Testing.Media;
using Provenance.Testing.Service;
using ProvenanceService.Tests.Rpc;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// Every Sign call leaves a line in the append-only audit log, refused ones included: read back from the service's
/// SQLite file (opened read-only, beside the running service) after the calls.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SignAuditTests(EndToEndFixture service)
{
    [Fact]
    public async Task Every_sign_call_accepted_or_refused_leaves_an_audit_line()
    {
        var before = LastSequence();
        var photo = ByteString.CopyFrom(TestMedia.Load("home.jpg"));
        var notAnImage = ByteString.CopyFromUtf8("this is not an image");
        var generation = new GenerationInfo { ModelName = "e2e-diffusion" };
        var generator = Bearer.Of(ExampleKeys.GeneratorKey);
        var client = service.Client;

        var unary = await client.SignAsync(new SignRequest { Media = photo, Generation = generation }, generator);
        var streamed = await SignStreamAsync(photo, generation, generator);
        var refusals = new[]
        {
            await StatusOf(client.SignAsync(new SignRequest { Media = photo, Generation = generation }).ResponseAsync),
            await StatusOf(client.SignAsync(new SignRequest { Media = photo, Generation = generation }, Bearer.Of(ExampleKeys.PlatformKey)).ResponseAsync),
            await StatusOf(client.SignAsync(new SignRequest { Media = notAnImage, Generation = generation }, generator).ResponseAsync),
            await StatusOf(client.SignAsync(new SignRequest { Media = photo }, generator).ResponseAsync),
            await StatusOf(SignStreamAsync(photo, generation, null)),
        };
        Assert.Equal(
            [StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.Unauthenticated],
            refusals);

        var lines = AuditLinesAfter(before);
        Assert.Equal(
            [
                ("OK", ExampleKeys.GeneratorName, unary.ManifestId, unary.WatermarkId),
                ("OK", ExampleKeys.GeneratorName, streamed.ManifestId, streamed.WatermarkId),
                ("Unauthenticated", "(unauthenticated)", null, null),
                ("Unauthenticated", "(unauthenticated)", null, null),
                ("InvalidArgument", ExampleKeys.GeneratorName, null, null),
                ("InvalidArgument", ExampleKeys.GeneratorName, null, null),
                ("Unauthenticated", "(unauthenticated)", null, null),
            ],
            lines.Select(l => (l.Outcome, l.Generator, l.ManifestId, l.WatermarkId)));
        Assert.Equal(photo.Length, lines[0].InputBytes);
        Assert.Equal(notAnImage.Length, lines[4].InputBytes);
    }

    [Fact]
    public async Task Sign_calls_refused_before_the_pipeline_are_audited_too()
    {
        var before = LastSequence();
        // One byte over the service's default receive limit (4 MiB): the transport refuses the message unread.
        var oversized = ByteString.CopyFrom(new byte[4 * 1024 * 1024 + 1]);
        var generation = new GenerationInfo { ModelName = "e2e-diffusion" };
        var generator = Bearer.Of(ExampleKeys.GeneratorKey);
        var client = service.Client;

        var refusals = new[]
        {
            await StatusOf(client.SignAsync(new SignRequest { Media = oversized, Generation = generation }, generator).ResponseAsync),
            await StatusOf(client.SignAsync(new SignRequest { Media = oversized, Generation = generation }).ResponseAsync),
            await StatusOf(SignStreamChunkFirstAsync(generator)),
        };
        Assert.Equal([StatusCode.ResourceExhausted, StatusCode.ResourceExhausted, StatusCode.InvalidArgument], refusals);

        var lines = AuditLinesAfter(before);
        Assert.Equal(
            [
                ("ResourceExhausted", ExampleKeys.GeneratorName, null, null),
                ("ResourceExhausted", "(unauthenticated)", null, null),
                ("InvalidArgument", ExampleKeys.GeneratorName, null, null),
            ],
            lines.Select(l => (l.Outcome, l.Generator, l.ManifestId, l.WatermarkId)));
    }

    [Fact]
    public async Task A_unary_Sign_whose_message_does_not_parse_is_audited_with_the_status_it_got()
    {
        var before = LastSequence();
        using var http = RawGrpc.CreateClient();
        // Field 1 with wire type 7, which does not exist: the message cannot be parsed, so Sign never runs.
        using var response = await http.SendAsync(RawGrpc.Request(service.Service.Address, "/provenance.v1.Provenance/Sign",
            new ByteArrayContent(RawGrpc.Frame([0x0F, 0x01])), authorization: "Bearer " + ExampleKeys.GeneratorKey));
        await response.Content.ReadAsByteArrayAsync();
        var status = (StatusCode)RawGrpc.Status(response)!.Value;
        Assert.NotEqual(StatusCode.OK, status);

        var line = Assert.Single(AuditLinesAfter(before));
        Assert.Equal((status.ToString(), ExampleKeys.GeneratorName, (string?)null), (line.Outcome, line.Generator, line.ManifestId));
    }

    [Fact]
    public async Task A_unary_Sign_abandoned_while_its_message_is_uploaded_is_audited_as_cancelled()
    {
        var before = LastSequence();
        using var http = RawGrpc.CreateClient();
        using var abandon = new CancellationTokenSource();
        var body = new StalledFrame();
        var call = http.SendAsync(RawGrpc.Request(service.Service.Address, "/provenance.v1.Provenance/Sign", body,
            authorization: "Bearer " + ExampleKeys.GeneratorKey), abandon.Token);
        await body.Sent.WaitAsync(TimeSpan.FromSeconds(30));
        abandon.Cancel(); // resets the HTTP/2 stream: the message never completes
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        // The server writes the line when the call has ended on its side; wait for it rather than guess how long.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<AuditLine> lines;
        while ((lines = AuditLinesAfter(before)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var line = Assert.Single(lines);
        Assert.Equal(("Cancelled", ExampleKeys.GeneratorName), (line.Outcome, line.Generator));
    }

    /// <summary>A request body that announces a 1000-byte message, sends ten bytes of it and then waits for ever.</summary>
    private sealed class StalledFrame : HttpContent
    {
        private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Sent => _sent.Task;

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(new byte[] { 0, 0, 0, 0x03, 0xE8, 0x0A, 0x80, 0x01, 1, 2, 3, 4, 5, 6, 7 }, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            _sent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    // A stream that starts with a chunk instead of its header.
    private async Task SignStreamChunkFirstAsync(Metadata headers)
    {
        using var call = service.Client.SignStream(headers);
        try
        {
            await call.RequestStream.WriteAsync(new SignStreamRequest { Chunk = ByteString.CopyFromUtf8("chunk") });
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The status comes from the response stream.
        }
        while (await call.ResponseStream.MoveNext())
        {
        }
    }

    private async Task<SignResponse> SignStreamAsync(ByteString media, GenerationInfo generation, Metadata? headers)
    {
        using var call = service.Client.SignStream(headers);
        SignResponse? header = null;
        try
        {
            await call.RequestStream.WriteAsync(new SignStreamRequest { Header = new SignRequest { Generation = generation } });
            await call.RequestStream.WriteAsync(new SignStreamRequest { Chunk = media });
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // A refused call may end before the request stream does; its status comes from the response stream.
        }
        while (await call.ResponseStream.MoveNext())
        {
            header ??= call.ResponseStream.Current.Header;
        }
        return header ?? throw new InvalidOperationException("SignStream ended without a header.");
    }

    private long LastSequence()
    {
        using var connection = OpenReadOnly();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(seq), 0) FROM sign_audit;";
        return (long)command.ExecuteScalar()!;
    }

    private List<AuditLine> AuditLinesAfter(long sequence)
    {
        using var connection = OpenReadOnly();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT outcome, generator, manifest_id, watermark_id, input_bytes FROM sign_audit WHERE seq > $seq ORDER BY seq;";
        command.Parameters.AddWithValue("$seq", sequence);
        using var reader = command.ExecuteReader();
        var lines = new List<AuditLine>();
        while (reader.Read())
        {
            lines.Add(new AuditLine(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4)));
        }
        return lines;
    }

    private SqliteConnection OpenReadOnly()
    {
        // No pooling: the test host keeps no handle on the service's database between reads.
        var connection = new SqliteConnection($"Data Source={service.Service.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    private static async Task<StatusCode> StatusOf(Task call)
    {
        try
        {
            await call;
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }

    private sealed record AuditLine(string Outcome, string Generator, string? ManifestId, string? WatermarkId, long InputBytes);
}
