using System.Security.Cryptography;
using Microsoft.Playwright;
using Provenance.Contracts.V1;
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
    public async Task Signed_stripped_and_unsigned_photos_read_verified_recovered_and_missing_then_the_auditor_pages_the_reports()
    {
        var signed = await service.SignedAsync("home.jpg");
        var signedPath = Write("signed.jpg", signed.Bytes);
        var strippedPath = Write("stripped.jpg", MediaEdits.ReEncode(signed.Bytes, EncodeSettings.Jpeg(85)));
        var unsignedPath = Write("unsigned.png", TestMedia.Load("chicky_512.png"));
        // Above the gRPC message limit: it goes up whole, as the raw body of the upload route.
        var largePath = Write("large.png", TestMedia.LargePng());
        // A third party's file with a time-stamp and nested ingredients: CACA.jpg made from CA.jpg made from A.jpg.
        var cacaPath = Write("CACA.jpg", File.ReadAllBytes(Path.Combine(RepositoryPaths.C2paFixtures, "files", "CACA.jpg")));
        var page = await NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add($"{message.Text} ({message.Location})"); };
        // Playwright has the browser intercept file choosers once a page has a handler for them, and does not wait for
        // the browser to confirm. A handler added with the key press itself (RunAndWaitForFileChooserAsync) can lose
        // that race: the chooser opens before interception and no event comes (2 of 21 runs of this suite timed out
        // waiting for it). Added before the navigation, interception is in force once the navigation has answered.
        var chooserOpened = new TaskCompletionSource<IFileChooser>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.FileChooser += (_, opened) => chooserOpened.TrySetResult(opened);

        await page.GotoAsync(service.Service.WebAddress + "/");
        await AssertEveryControlHasALabelAsync(page);
        await RecordProgressTextsAsync(page);

        // Keyboard only: the first Tab reaches the file picker, Space opens it.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("file-input", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.PressAsync("Space");
        var chooser = await chooserOpened.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await chooser.SetFilesAsync([signedPath, strippedPath, unsignedPath, largePath, cacaPath]);
        await page.Locator("li.result[data-done=true]").Nth(4).WaitForAsync(new() { Timeout = 120_000 });

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

        var large = Result(page, "large.png");
        Assert.Equal("No provenance", await large.Locator(".verdict").TextContentAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(largePath))),
            await large.Locator("dd[data-field=content-hash]").TextContentAsync());
        // Each upload's progress was shown, from the first percent to the hand-over to the check.
        var progress = await page.EvaluateAsync<Dictionary<string, string[]>>("window.progressTexts");
        foreach (var file in new[] { "signed.jpg", "stripped.jpg", "unsigned.png", "large.png", "CACA.jpg" })
        {
            Assert.Equal(["Waiting to upload", "Uploading 0 %"], progress[file][..2]);
            Assert.Equal("Uploaded, checking…", progress[file][^1]);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "1-verdicts.png"), FullPage = true });

        // A manifest's details, opened from the keyboard: the summary, then the stored record.
        await verified.Locator("details.manifest > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var fields = verified.Locator(".manifest-fields");
        Assert.Contains(signed.Response.ManifestId, await fields.TextContentAsync());
        Assert.Equal("e2e-diffusion 1.0", await fields.Locator("dd[data-field=model]").TextContentAsync());
        Assert.Equal("Example AI Labs Claim Signer, Example AI Labs", await fields.Locator("dd[data-field=signer]").TextContentAsync());
        Assert.Equal("Example AI Labs", await fields.Locator("dd[data-field=issuer]").TextContentAsync());
        Assert.Equal("none", await fields.Locator("dd[data-field=time-stamp]").TextContentAsync());
        Assert.Contains("(the signer's own statement)", await fields.Locator("dd[data-field=signed-at]").TextContentAsync());
        Assert.Equal(["c2pa.created", "c2pa.watermarked"], await fields.Locator("dd[data-field=actions] li").AllTextContentsAsync());
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Show the stored record", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        await verified.Locator(".stored-json:not([hidden])").WaitForAsync();
        Assert.Contains(signed.Response.ManifestId, await verified.Locator(".stored-json").TextContentAsync());
        await verified.Locator(".statuses > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var validated = verified.Locator(".statuses tbody tr").Filter(new() { HasText = "claimSignature.validated" });
        Assert.Equal("The manifest's digital signature is intact: nothing it covers was changed after signing.",
            await validated.Locator("td").Nth(2).TextContentAsync());
        await verified.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "2-manifest-details.png") });

        // The ingredient tree, issuer and time-stamp of a file made from another signed file.
        var caca = Result(page, "CACA.jpg");
        await caca.Locator("details.manifest > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var cacaFields = caca.Locator(".manifest-fields");
        Assert.Equal("C2PA Test Intermediate Root CA", await cacaFields.Locator(":scope > dd[data-field=issuer]").TextContentAsync());
        var stamp = await cacaFields.Locator(":scope > dd[data-field=time-stamp]").TextContentAsync();
        Assert.StartsWith("2025-10-16T17:31:55Z by DigiCert, Inc.", stamp);
        var parent = cacaFields.Locator(":scope > dd[data-field=ingredients] > ul.ingredients > li");
        Assert.Equal("CA.jpg: the file this one was made from, image/jpeg", await parent.Locator(":scope > p.ingredient").TextContentAsync());
        Assert.Equal("C2PA Test Intermediate Root CA", await parent.Locator(":scope > dl > dd[data-field=issuer]").TextContentAsync());
        Assert.StartsWith("2025-10-16T17:31:54Z by DigiCert, Inc.", await parent.Locator(":scope > dl > dd[data-field=time-stamp]").TextContentAsync());
        var grandparent = parent.Locator(":scope > dl > dd[data-field=ingredients] > ul.ingredients > li");
        Assert.Equal("A.jpg: the file this one was made from, image/jpeg", await grandparent.Locator(":scope > p.ingredient").TextContentAsync());
        Assert.Equal("It has no manifest: where it came from is unknown.", await grandparent.Locator(":scope > p.ingredient-provenance").TextContentAsync());
        await caca.Locator(".statuses > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var untrusted = caca.Locator(".statuses tbody tr").Filter(new() { HasText = "signingCredential.untrusted" });
        Assert.Equal("The signer's certificate does not chain to a certificate authority this service trusts.",
            await untrusted.Locator("td").Nth(2).TextContentAsync());
        await caca.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "3-ingredient-tree.png") });

        // Every control of the page as it now stands (results open, auditor form) is labelled and reached by Tab.
        await AssertEveryControlHasALabelAsync(page);
        await AssertEveryControlIsReachedByTabAsync(page);

        // The auditor: the key typed into its field, kept in session storage, never in the URL.
        await page.Locator("#auditor-key").FocusAsync();
        await page.Keyboard.TypeAsync(ExampleKeys.AuditorKey);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#reports tbody tr").First.WaitForAsync();
        Assert.DoesNotContain(ExampleKeys.AuditorKey, page.Url);
        Assert.Equal(ExampleKeys.AuditorKey, await page.EvaluateAsync<string>("sessionStorage.getItem('provenance.auditorKey')"));
        Assert.Contains("No provenance", await page.Locator("#reports tbody").TextContentAsync());
        await AssertEveryControlHasALabelAsync(page);

        // Filtered by verdict from the keyboard (focus is on the verdict filter after signing in).
        Assert.Equal("filter-verdict", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Locator("#filter-verdict").SelectOptionAsync("VERDICT_RECOVERED");
        await page.Locator("#report-filter button[type=submit]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        // Polled by Playwright's assertions: a string predicate would be eval, which the page's CSP forbids.
        await Assertions.Expect(page.Locator("#reports tbody tr:not([data-verdict=VERDICT_RECOVERED])")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#reports tbody tr")).Not.ToHaveCountAsync(0);
        Assert.Contains(signed.Response.WatermarkId, await page.Locator("#reports tbody").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "4-auditor-reports.png"), FullPage = true });

        // Paging: more missing reports than one page of 10 holds, so there is a next page.
        for (var i = 0; i < 11; i++)
        {
            Assert.Equal(Verdict.Missing, (await service.VerifyAsync(TestMedia.Load("chicky_512.png"))).Verdict);
        }
        await page.Locator("#filter-verdict").SelectOptionAsync("VERDICT_MISSING");
        await page.Locator("#filter-size").SelectOptionAsync("10");
        await page.Locator("#report-filter button[type=submit]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#reports-page")).ToHaveTextAsync("page 1");
        await Assertions.Expect(page.Locator("#reports tbody tr[data-verdict=VERDICT_MISSING]")).ToHaveCountAsync(10);
        var firstPage = await page.Locator("#reports tbody").TextContentAsync();
        await page.Locator("#reports-next").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#reports-page")).ToHaveTextAsync("page 2");
        await Assertions.Expect(page.Locator("#reports tbody tr:not([data-verdict=VERDICT_MISSING])")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#reports tbody tr")).Not.ToHaveCountAsync(0);
        Assert.NotEqual(firstPage, await page.Locator("#reports tbody").TextContentAsync());
        Assert.True(await page.Locator("#reports-previous").IsVisibleAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "5-auditor-next-page.png"), FullPage = true });

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
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "6-wrong-auditor-key.png"), FullPage = true });
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task An_unsigned_video_and_audio_file_read_missing_and_the_video_shows_its_first_frame()
    {
        var videoPath = Path.Combine(_files, "clip.mp4");
        VideoClips.CutOther(videoPath);
        var audioPath = Path.Combine(_files, "voice.mp3");
        AudioClips.Voice(audioPath);
        var page = await NewPageAsync();
        await page.GotoAsync(service.Service.WebAddress + "/");

        await page.Locator("#file-input").SetInputFilesAsync([videoPath, audioPath]);
        await page.Locator("li.result[data-done=true]").Nth(1).WaitForAsync(new() { Timeout = 120_000 });

        var video = Result(page, "clip.mp4");
        Assert.Equal("VERDICT_MISSING", await video.GetAttributeAsync("data-verdict"));
        Assert.StartsWith("blob:", await video.Locator("video.thumbnail").GetAttributeAsync("src"));
        Assert.Equal("First frame of clip.mp4", await video.Locator("video.thumbnail").GetAttributeAsync("aria-label"));
        var audio = Result(page, "voice.mp3");
        Assert.Equal("VERDICT_MISSING", await audio.GetAttributeAsync("data-verdict"));
        Assert.Equal("Audio file voice.mp3 (no picture)", await audio.Locator("img.thumbnail").GetAttributeAsync("alt"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "7-video-and-audio.png"), FullPage = true });
    }

    private static ILocator Result(IPage page, string file) => page.Locator($"li.result[data-file=\"{file}\"]");

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_files, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// Records, per file, each text the upload progress shows (window.progressTexts), from before the first upload
    /// starts, so that no step can be missed however fast the upload is.
    /// </summary>
    private static Task RecordProgressTextsAsync(IPage page) => page.EvaluateAsync(
        """
        () => {
          window.progressTexts = {};
          new MutationObserver(() => {
            for (const item of document.querySelectorAll('li.result')) {
              const text = item.querySelector('.progress-text').textContent;
              const seen = window.progressTexts[item.dataset.file] ||= [];
              if (text && seen[seen.length - 1] !== text) seen.push(text);
            }
          }).observe(document.getElementById('results'), { subtree: true, childList: true, characterData: true });
        }
        """);

    /// <summary>
    /// Tab from the top of the page visits every visible control (inputs, selects, buttons, the summaries that open
    /// details) before it comes round again: nothing needs a mouse.
    /// </summary>
    private static async Task AssertEveryControlIsReachedByTabAsync(IPage page)
    {
        var count = await page.EvaluateAsync<int>(
            """
            () => {
              // checkVisibility: the content of a closed <details> has boxes (content-visibility: hidden) but is not shown.
              const controls = [...document.querySelectorAll('input, select, button, summary, a[href], textarea')]
                .filter(el => el.offsetParent !== null && el.checkVisibility());
              controls.forEach((el, i) => el.dataset.tabCheck = String(i));
              document.activeElement?.blur();
              return controls.length;
            }
            """);
        // Bounded: scrollable regions are tab stops too, and past the end focus leaves the document before it wraps.
        var reached = new HashSet<string>();
        for (var i = 0; i < 3 * count + 10 && reached.Count < count; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string?>("document.activeElement?.dataset.tabCheck ?? null") is { } index)
            {
                reached.Add(index);
            }
        }
        var missed = await page.EvaluateAsync<string[]>(
            "reached => [...document.querySelectorAll('[data-tab-check]')].filter(el => !reached.includes(el.dataset.tabCheck)).map(el => (el.closest('li.result')?.dataset.file ?? '') + ' ' + el.outerHTML.slice(0, 120))",
            reached.ToArray());
        Assert.Empty(missed);
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
