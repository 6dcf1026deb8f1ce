using System.Security.Cryptography;
using System.Text.Json;
using Provenance.Cli.Commands;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Imaging;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>
/// The verdicts of design.md through the CLI (issue 6, "Done when"): `provenance sign` through a running service,
/// then `provenance verify --json` offline and with `--server`, on the edits the service tests use.
/// </summary>
[Collection(CliServiceCollection.Name)]
public sealed class CliVerdictTests(CliServiceFixture fixture)
{
    /// <summary>The fields design.md requires of every `verify --json` line about a file that was read.</summary>
    private static readonly string[] RequiredFields = ["path", "verdict", "aigc_label", "watermark", "manifest_id", "status_codes"];

    [Fact]
    public async Task Sign_writes_each_signed_file_under_its_name_and_prints_its_ids()
    {
        var signed = await fixture.SignedAsync();
        Assert.Equal(CliServiceFixture.Photos.Order(), signed.Keys.Order());
        foreach (var (photo, file) in signed)
        {
            Assert.Equal(photo, Path.GetFileName(file.Path));
            Assert.Matches("^urn:c2pa:[0-9a-f-]{36}$", file.ManifestId);
            Assert.Matches("^[0-9a-f]{16}$", file.WatermarkId);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file.Bytes)), file.ContentHash);
        }
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(signed.Values.First().Path)!, "*.partial"));
    }

    [Fact]
    public async Task Signed_files_verify_offline_and_through_the_service_with_exit_code_0()
    {
        var signed = await fixture.SignedAsync();
        var folder = Path.GetDirectoryName(signed.Values.First().Path)!;

        foreach (var online in new[] { false, true })
        {
            var result = await Cli.RunAsync(online ? ["verify", folder, "--json", "--server", fixture.Server] : ["verify", folder, "--json"]);
            Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
            Assert.Equal(signed.Count, result.JsonLines().Count);
            foreach (var file in signed.Values)
            {
                var line = result.Line(file.Path);
                AssertRequiredFields(line);
                Assert.Equal("verified", line.GetProperty("verdict").GetString());
                Assert.Equal("1", line.GetProperty("aigc_label").GetString());
                Assert.True(line.GetProperty("watermark").GetProperty("detected").GetBoolean());
                Assert.Equal(file.WatermarkId, line.GetProperty("watermark").GetProperty("id").GetString());
                Assert.Equal(file.ManifestId, line.GetProperty("manifest_id").GetString());
                Assert.Equal(0, line.GetProperty("status_codes").GetArrayLength());
                Assert.Equal(file.ContentHash, line.GetProperty("content_hash").GetString());
            }
        }
    }

    [Theory]
    [InlineData("Garden.jpg")]
    [InlineData("chicky_512.png")]
    public async Task A_stripped_copy_is_declared_with_label_3_offline_and_recovered_through_the_service(string photo)
    {
        var signed = (await fixture.SignedAsync())[photo];
        var stripped = fixture.Write("stripped", Path.ChangeExtension(photo, ".q85.jpg"), MediaEdits.ReEncode(signed.Bytes, EncodeSettings.Jpeg(85)));

        var offline = await Cli.RunAsync("verify", stripped, "--json");
        Assert.True(offline.ExitCode == ExitCodes.NotVerified, offline.ToString());
        var line = offline.Line(stripped);
        AssertRequiredFields(line);
        Assert.Equal("declared", line.GetProperty("verdict").GetString());
        Assert.Equal("3", line.GetProperty("aigc_label").GetString());
        Assert.Equal(signed.WatermarkId, line.GetProperty("watermark").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("manifest_id").ValueKind);

        var online = await Cli.RunAsync("verify", stripped, "--json", "--server", fixture.Server);
        Assert.True(online.ExitCode == ExitCodes.Success, online.ToString());
        line = online.Line(stripped);
        Assert.Equal("recovered", line.GetProperty("verdict").GetString());
        Assert.Equal("1", line.GetProperty("aigc_label").GetString());
        Assert.Equal(signed.ManifestId, line.GetProperty("manifest_id").GetString());
        Assert.True(line.GetProperty("watermark").GetProperty("resolved").GetBoolean());
        Assert.True(line.GetProperty("watermark").GetProperty("fingerprint_matches").GetBoolean());
    }

    [Fact]
    public async Task Pixels_edited_under_the_original_manifest_are_tampered_with_the_failing_code()
    {
        var signed = (await fixture.SignedAsync())["home.jpg"];
        var edited = fixture.Write("edited", "home.jpg", MediaEdits.PaintBlockUnderOriginalManifest(signed.Bytes));

        var result = await Cli.RunAsync("verify", edited, "--json");
        Assert.True(result.ExitCode == ExitCodes.NotVerified, result.ToString());
        var line = result.Line(edited);
        AssertRequiredFields(line);
        Assert.Equal("tampered", line.GetProperty("verdict").GetString());
        Assert.Equal(signed.ManifestId, line.GetProperty("manifest_id").GetString());
        Assert.Contains(StatusCodes.AssertionDataHashMismatch, line.GetProperty("status_codes").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task An_unsigned_photo_is_missing_and_one_with_only_an_AIGC_XMP_label_is_declared()
    {
        var unsigned = fixture.Write("unsigned", "fruits.jpg", TestMedia.Load("fruits.jpg"));
        var labelled = fixture.Write("labelled", "fruits.jpg", MediaEdits.WithUnsignedAigcLabel(TestMedia.Load("fruits.jpg"), "SOMEONE-ELSE"));

        var result = await Cli.RunAsync("verify", unsigned, labelled, "--json", "--server", fixture.Server);
        Assert.True(result.ExitCode == ExitCodes.NotVerified, result.ToString());
        var missing = result.Line(unsigned);
        AssertRequiredFields(missing);
        Assert.Equal("missing", missing.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("aigc_label").ValueKind);
        Assert.False(missing.GetProperty("watermark").GetProperty("detected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("watermark").GetProperty("id").ValueKind);
        var declared = result.Line(labelled);
        Assert.Equal("declared", declared.GetProperty("verdict").GetString());
        Assert.Equal("1", declared.GetProperty("aigc_label").GetString());
    }

    [Fact]
    public async Task Another_photo_marked_with_the_first_ones_watermark_ID_is_not_recovered()
    {
        var first = (await fixture.SignedAsync())["Garden.jpg"];
        var forged = fixture.Write("forged", "leuvenA.jpg", MediaEdits.MarkedWith(TestMedia.Load("leuvenA.jpg"), ExampleKeys.Watermarker,
            Convert.ToUInt64(first.WatermarkId, 16), EncodeSettings.Jpeg(90)));

        var result = await Cli.RunAsync("verify", forged, "--json", "--server", fixture.Server);
        Assert.True(result.ExitCode == ExitCodes.NotVerified, result.ToString());
        var line = result.Line(forged);
        Assert.Equal("tampered", line.GetProperty("verdict").GetString());
        Assert.Equal(first.WatermarkId, line.GetProperty("watermark").GetProperty("id").GetString());
        Assert.True(line.GetProperty("watermark").GetProperty("resolved").GetBoolean());
        Assert.False(line.GetProperty("watermark").GetProperty("fingerprint_matches").GetBoolean());
        Assert.Equal("3", line.GetProperty("aigc_label").GetString());
    }

    [Fact]
    public async Task A_folder_mixing_verdicts_exits_1_and_an_unreadable_file_exits_2_with_an_error_line()
    {
        var signed = (await fixture.SignedAsync())["home.jpg"];
        var verified = fixture.Write("mixed", "signed.jpg", signed.Bytes);
        var missing = fixture.Write("mixed/nested", "unsigned.jpg", TestMedia.Load("board.jpg"));
        fixture.Write("mixed", "notes.txt", "not an image"u8.ToArray());
        var folder = Path.GetDirectoryName(verified)!;

        var mixed = await Cli.RunAsync("verify", folder, "--json");
        Assert.True(mixed.ExitCode == ExitCodes.NotVerified, mixed.ToString());
        Assert.Equal(2, mixed.JsonLines().Count);
        Assert.Equal("verified", mixed.Line(verified).GetProperty("verdict").GetString());
        Assert.Equal("missing", mixed.Line(missing).GetProperty("verdict").GetString());

        var corrupt = fixture.Write("broken", "truncated.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);
        var absent = Path.Combine(fixture.WorkDirectory, "no-such-file.jpg");
        var withErrors = await Cli.RunAsync("verify", folder, corrupt, absent, "--json");
        Assert.True(withErrors.ExitCode == ExitCodes.UsageOrUnreadable, withErrors.ToString());
        Assert.Equal(4, withErrors.JsonLines().Count);
        foreach (var path in new[] { corrupt, absent })
        {
            var line = withErrors.Line(path);
            Assert.False(string.IsNullOrEmpty(line.GetProperty("error").GetString()));
            Assert.False(line.TryGetProperty("verdict", out _));
        }
        Assert.Equal("verified", withErrors.Line(verified).GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Without_json_verify_prints_a_table_row_per_file_with_verdict_label_and_reason()
    {
        var signed = (await fixture.SignedAsync())["home.jpg"];
        var verified = fixture.Write("table", "signed.jpg", signed.Bytes);
        var missing = fixture.Write("table", "unsigned.jpg", TestMedia.Load("board.jpg"));

        // Twice, so that a console bound to the first run's output cannot pass for the second.
        foreach (var run in new[] { 1, 2 })
        {
            var result = await Cli.RunAsync("verify", verified, missing);
            Assert.True(result.ExitCode == ExitCodes.NotVerified, $"run {run}: {result}");
            var lines = result.Output.Split('\n');
            Assert.Contains(lines, l => l.Contains("Verdict") && l.Contains("Label") && l.Contains("Watermark (offline)"));
            var signedRow = Assert.Single(lines, l => l.Contains("signed.jpg") && !l.Contains("unsigned.jpg"));
            Assert.Contains("verified", signedRow);
            Assert.Contains(signed.WatermarkId, signedRow);
            var missingRow = Assert.Single(lines, l => l.Contains("unsigned.jpg"));
            Assert.Contains("missing", missingRow);
        }
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("verify", "x.jpg", "--server", "not a url")]
    [InlineData("verify", "x.jpg", "--server", "ftp://127.0.0.1:1")]
    [InlineData("sign", "x.jpg", "--server", "http://127.0.0.1:1")]
    [InlineData("reports")]
    [InlineData("no-such-command")]
    public async Task Command_lines_that_do_not_parse_exit_2(params string[] args)
    {
        var result = await Cli.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.UsageOrUnreadable, result.ToString());
        Assert.NotEmpty(result.Error);
    }

    private static void AssertRequiredFields(JsonElement line)
    {
        foreach (var field in RequiredFields)
        {
            Assert.True(line.TryGetProperty(field, out _), $"no \"{field}\" in {line}");
        }
        Assert.Equal(JsonValueKind.Array, line.GetProperty("status_codes").ValueKind);
        Assert.True(line.GetProperty("watermark").TryGetProperty("detected", out _));
        Assert.True(line.GetProperty("watermark").TryGetProperty("id", out _));
    }
}
