using Google.Protobuf.WellKnownTypes;
using Provenance.Contracts.V1;
using Provenance.Core.Credentials;
using Grpc.Core;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// What platforms and auditors see of the reports the service records: the platform named from its key, and
/// ListReports filtered by verdict, platform and time, newest first, page by page.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReportTests(EndToEndFixture service)
{
    [Fact]
    public async Task A_platform_key_names_the_platform_in_its_reports_and_a_wrong_key_is_refused()
    {
        var photo = TestMedia.Load("building.jpg");
        var named = await service.VerifyAsync(photo, ExampleKeys.PlatformKey);
        var anonymous = await service.VerifyAsync(photo);
        Assert.Equal(Verdict.Missing, named.Verdict);

        Assert.Equal(ExampleKeys.PlatformName, (await service.ReportAsync(named.ReportId, Verdict.Missing)).Platform);
        Assert.Equal("anonymous", (await service.ReportAsync(anonymous.ReportId, Verdict.Missing)).Platform);

        foreach (var wrongKey in new[] { ApiKey.Generate(), ExampleKeys.GeneratorKey, ExampleKeys.AuditorKey })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => service.VerifyAsync(photo, wrongKey));
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }
    }

    [Fact]
    public async Task Auditors_list_reports_filtered_by_verdict_platform_and_time_newest_first_in_pages()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var ours = new List<string>();
        foreach (var photo in new[] { "butterfly.jpg", "board.jpg", "GreenMeadow.jpg" })
        {
            ours.Add((await service.VerifyAsync(TestMedia.Load(photo), ExampleKeys.PlatformKey)).ReportId);
        }
        var declared = (await service.VerifyAsync(MediaEdits.WithUnsignedAigcLabel(TestMedia.Load("board.jpg"), "X"), ExampleKeys.PlatformKey)).ReportId;
        var anonymous = (await service.VerifyAsync(TestMedia.Load("board.jpg"))).ReportId;

        var (missing, pageSizes) = await service.ListReportsAsync(new ListReportsRequest
        {
            Verdict = Verdict.Missing,
            Platform = ExampleKeys.PlatformName,
            Since = Timestamp.FromDateTimeOffset(since),
            PageSize = 2,
        });
        Assert.All(missing, r => Assert.Equal((Verdict.Missing, ExampleKeys.PlatformName), (r.Verdict, r.Platform)));
        Assert.All(missing, r => Assert.True(r.CreatedAt.ToDateTimeOffset() >= since.AddMilliseconds(-1)));
        Assert.Subset(missing.Select(r => r.ReportId).ToHashSet(), ours.ToHashSet());
        Assert.DoesNotContain(declared, missing.Select(r => r.ReportId));
        Assert.DoesNotContain(anonymous, missing.Select(r => r.ReportId));
        Assert.Equal(missing.Count, missing.Select(r => r.ReportId).Distinct().Count());
        Assert.True(pageSizes.Count >= 2, "three reports in pages of two take at least two pages");
        Assert.All(pageSizes, size => Assert.InRange(size, 0, 2));
        // Newest first: ours were made in order, so they are listed in reverse.
        Assert.Equal(Enumerable.Reverse(ours), missing.Select(r => r.ReportId).Where(ours.Contains));
        var times = missing.Select(r => r.CreatedAt.ToDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        var (declaredReports, _) = await service.ListReportsAsync(new ListReportsRequest { Verdict = Verdict.Declared, Platform = ExampleKeys.PlatformName });
        Assert.Contains(declared, declaredReports.Select(r => r.ReportId));
        var (nothingYet, _) = await service.ListReportsAsync(new ListReportsRequest { Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)) });
        Assert.Empty(nothingYet);
    }

    [Fact]
    public async Task Only_an_auditor_key_lists_reports()
    {
        foreach (var key in new[] { ExampleKeys.PlatformKey, ExampleKeys.GeneratorKey })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => service.Client.ListReportsAsync(new ListReportsRequest(), Bearer.Of(key)).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }
    }
}
