using Microsoft.Playwright;
using Provenance.Core.Imaging;
using Provenance.Testing;
using Provenance.Testing.Media;
using Provenance.Testing.Service;
using ProvenanceService.Tests.EndToEnd;

namespace ProvenanceService.Tests.Web;

/// <summary>
/// The verification page (src/ProvenanceService/wwwroot) in a real headless browser: Debian's chromium driven by
/// Playwright, against the service process. Only the keyboard is used. Screenshots of each state are written to
/// TestResults/verification-page/ under the repository root.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class VerificationPageTests(EndToEndFixture service) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "verification-page");

    private readonly string _files = Directory.CreateTempSubdirectory("provenance-page-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/setup.sh --test");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        Directory.Delete(_files, recursive: true);
    }

    [Fact]
    public async Task Signed_stripped_and_unsigned_photos_read_verified_recovered_and_missing_then_the_auditor_sees_the_reports()
    {
        var signed = await service.SignedAsync("home.jpg");
        var signedPath = Write("signed.jpg", signed.Bytes);
        var strippedPath = Write("stripped.jpg", MediaEdits.ReEncode(signed.Bytes, EncodeSettings.Jpeg(85)));
        var unsignedPath = Write("unsigned.png", TestMedia.Load("chicky_512.png"));
        var page = await NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add($"{message.Text} ({message.Location})"); };

        await page.GotoAsync(service.Service.WebAddress + "/");
        await AssertEveryControlHasALabelAsync(page);

        // Keyboard only: the first Tab reaches the file picker, Space opens it.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("file-input", await page.EvaluateAsync<string>("document.activeElement.id"));
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync("Space"));
        await chooser.SetFilesAsync([signedPath, strippedPath, unsignedPath]);
        await page.Locator("li.result[data-done=true]").Nth(2).WaitForAsync();

        var verified = Result(page, "signed.jpg");
        Assert.Equal("VERDICT_VERIFIED", await verified.GetAttributeAsync("data-verdict"));
        Assert.Equal("Verified", await verified.Locator(".verdict").TextContentAsync());
        Assert.Equal("AI-generated (label 1)", await verified.Locator(".label-to-show").TextContentAsync());
        Assert.Contains("Not recorded", await verified.Locator(".report").TextContentAsync());
        Assert.StartsWith("blob:", await verified.Locator("img.thumbnail").GetAttributeAsync("src"));
        Assert.True(await verified.Locator("img.thumbnail").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));

        var recovered = Result(page, "stripped.jpg");
        Assert.Equal("Recovered", await recovered.Locator(".verdict").TextContentAsync());
        Assert.Equal("AI-generated (label 1)", await recovered.Locator(".label-to-show").TextContentAsync());
        Assert.Contains(signed.Response.WatermarkId, await recovered.Locator(".watermark").TextContentAsync());
        Assert.Matches("confidence [0-9.]+ %", await recovered.Locator(".watermark").TextContentAsync());
        Assert.Contains("Recorded as report rpt_", await recovered.Locator(".report").TextContentAsync());

        var missing = Result(page, "unsigned.png");
        Assert.Equal("No provenance", await missing.Locator(".verdict").TextContentAsync());
        Assert.Equal("No AI label required", await missing.Locator(".label-to-show").TextContentAsync());
        Assert.Contains("Recorded as report rpt_", await missing.Locator(".report").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "1-verdicts.png"), FullPage = true });

        // A manifest's details, opened from the keyboard: the summary, then the stored record.
        await verified.Locator("details.manifest > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var fields = verified.Locator(".manifest-fields");
        Assert.Contains(signed.Response.ManifestId, await fields.TextContentAsync());
        Assert.Contains("e2e-diffusion", await fields.TextContentAsync());
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Show the stored record", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        await verified.Locator(".stored-json:not([hidden])").WaitForAsync();
        Assert.Contains(signed.Response.ManifestId, await verified.Locator(".stored-json").TextContentAsync());
        await verified.Locator(".statuses > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Contains("claimSignature.validated", await verified.Locator(".statuses tbody").TextContentAsync());
        await verified.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "2-manifest-details.png") });

        // The auditor: the key typed into its field, kept in session storage, never in the URL.
        await page.Locator("#auditor-key").FocusAsync();
        await page.Keyboard.TypeAsync(ExampleKeys.AuditorKey);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#reports tbody tr").First.WaitForAsync();
        Assert.DoesNotContain(ExampleKeys.AuditorKey, page.Url);
        Assert.Equal(ExampleKeys.AuditorKey, await page.EvaluateAsync<string>("sessionStorage.getItem('provenance.auditorKey')"));
        Assert.Contains("No provenance", await page.Locator("#reports tbody").TextContentAsync());

        // Filtered by verdict from the keyboard (focus is on the verdict filter after signing in).
        Assert.Equal("filter-verdict", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Locator("#filter-verdict").SelectOptionAsync("VERDICT_RECOVERED");
        await page.Locator("#report-filter button[type=submit]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        // Polled by Playwright's assertions: a string predicate would be eval, which the page's CSP forbids.
        await Assertions.Expect(page.Locator("#reports tbody tr:not([data-verdict=VERDICT_RECOVERED])")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#reports tbody tr")).Not.ToHaveCountAsync(0);
        Assert.Contains(signed.Response.WatermarkId, await page.Locator("#reports tbody").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "3-auditor-reports.png"), FullPage = true });

        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_wrong_auditor_key_is_answered_with_a_readable_message()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(service.Service.WebAddress + "/");

        await page.Locator("#auditor-key").FillAsync("not-a-key");
        await page.Locator("#auditor-key").PressAsync("Enter");

        var error = page.Locator("#audit-error");
        await error.WaitForAsync();
        Assert.Contains("auditor", await error.TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "4-wrong-auditor-key.png"), FullPage = true });
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        return await context.NewPageAsync();
    }

    private static ILocator Result(IPage page, string file) => page.Locator($"li.result[data-file=\"{file}\"]");

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_files, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Every visible input, select and button has an accessible name: a label, or its own text.</summary>
    private static async Task AssertEveryControlHasALabelAsync(IPage page)
    {
        var unlabelled = await page.EvaluateAsync<string[]>(
            """
            [...document.querySelectorAll('input, select, button, textarea')]
              .filter(el => el.offsetParent !== null)
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
              .map(el => el.outerHTML)
            """);
        Assert.Empty(unlabelled);
    }
}
