using System.Collections.Concurrent;
using Google.Protobuf;
using Provenance.Contracts.V1;
using Grpc.Net.Client;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// One service process on the example key set for the end-to-end tests, our gRPC client on it, and the photos
/// it signed (each photo is signed once per run and shared by the tests that start from its signed copy).
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SignedFile>>> _signed = new();
    private GrpcChannel? _channel;

    internal ServiceProcess Service { get; private set; } = null!;

    internal ProvenanceClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = await ServiceProcess.StartAsync();
        _channel = GrpcChannel.ForAddress(Service.Address);
        Client = new ProvenanceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        await Service.DisposeAsync();
    }

    /// <summary>A test photo (see <see cref="TestMedia.Load"/>) signed by the service, once per run.</summary>
    internal Task<SignedFile> SignedAsync(string photo) =>
        _signed.GetOrAdd(photo, name => new Lazy<Task<SignedFile>>(() => SignAsync(TestMedia.Load(name)))).Value;

    internal async Task<SignedFile> SignAsync(byte[] media)
    {
        var response = await Client.SignAsync(
            new SignRequest { Media = ByteString.CopyFrom(media), Generation = new GenerationInfo { ModelName = "e2e-diffusion", ModelVersion = "1.0" } },
            Bearer.Of(ExampleKeys.GeneratorKey));
        return new SignedFile(media, response.Media.ToByteArray(), response);
    }

    internal Task<VerifyResponse> VerifyAsync(byte[] media, string? apiKey = null) =>
        Client.VerifyAsync(new VerifyRequest { Media = ByteString.CopyFrom(media) }, apiKey is null ? null : Bearer.Of(apiKey)).ResponseAsync;

    /// <summary>Every report matching <paramref name="request"/>'s filters, page by page, with the pages' sizes.</summary>
    internal async Task<(List<Report> Reports, List<int> PageSizes)> ListReportsAsync(ListReportsRequest request)
    {
        var reports = new List<Report>();
        var pages = new List<int>();
        var auditor = Bearer.Of(ExampleKeys.AuditorKey);
        do
        {
            var page = await Client.ListReportsAsync(request, auditor);
            reports.AddRange(page.Reports);
            pages.Add(page.Reports.Count);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return (reports, pages);
    }

    /// <summary>The recorded report with this id, found the way an auditor would (ListReports filtered by its verdict).</summary>
    internal async Task<Report> ReportAsync(string reportId, Verdict verdict)
    {
        Assert.NotEmpty(reportId);
        var (reports, _) = await ListReportsAsync(new ListReportsRequest { Verdict = verdict, PageSize = 500 });
        return Assert.Single(reports, r => r.ReportId == reportId);
    }
}

/// <summary>A file as it went into Sign and as it came out.</summary>
internal sealed record SignedFile(byte[] Original, byte[] Bytes, SignResponse Response);

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "end to end";
}
