using System.Text.Json;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Tests.C2pa;
using Provenance.Testing;

namespace Provenance.Core.Tests.Formats.Bmff;

/// <summary>
/// Our stream validator against what c2pa-rs (c2pa-node 0.5.5 and c2pa-wasm 0.13.3) reports for the ISO BMFF files
/// of ../shared/c2pa-fixtures/media (EXPECTED-media.jsonl): the same state and failure codes where both builds judge
/// a file (where they differ, the newer build, c2pa-wasm with c2pa-rs 0.91.3, is the reference), "no manifest" where
/// they find none, and a typed error where they refuse to parse the file (1000 nested moov boxes).
/// The WAV, MP3, FLAC and AVI files belong to the audio and other container handlers.
/// video1.mp4 (claim v1, actions v1, a <c>c2pa.opened</c> naming no ingredient) is judged in full: the actions
/// reference rules apply to claims v2 only, as in c2pa-rs (Validation/ActionsValidator.cs). Its ingredient's signer
/// (valid 2022-04-04 to 2023-04-04) carries a time-stamp from a TSA on no list: c2pa-rs 0.82.1 (c2pa-node) judged
/// the signer at today's date (expired, Invalid); c2pa-rs 0.91.3 (c2pa-wasm), and we, judge a claim v1's signer at
/// the time-stamp's genTime, since 1.x had no TSA trust list (Validation/SignatureValidator.cs): Valid, untrusted.
/// </summary>
public class BmffFixtureAgreementTests
{
    /// <summary>EXPECTED-media.jsonl was made without a trust list (every signer is untrusted), so no anchors here.</summary>
    private static readonly Lazy<C2paValidator> Validator = new(() => new C2paValidator(new C2paValidatorOptions()));

    private static string Media => Path.Combine(RepositoryPaths.C2paFixtures, "media");

    public static TheoryData<string> BmffFixtures() =>
        new(Directory.GetFiles(Media).Select(Path.GetFileName).Where(f => Path.GetExtension(f) is ".mp4" or ".mov" or ".m4a").Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(BmffFixtures))]
    public void Agrees_with_the_reference_validators(string file)
    {
        var expected = Expected().Where(e => e.File == file).ToList();
        Assert.Equal(2, expected.Count);
        using var stream = File.OpenRead(Path.Combine(Media, file));

        var judged = expected.Where(e => e.State is not null).ToList();
        if (judged.Count == 2 && !SameAnswer(judged[0], judged[1]))
        {
            judged = judged.Where(e => e.Validator == "c2pa-wasm").ToList();
        }
        if (judged.Count > 0)
        {
            var result = Validator.Value.Validate(stream);
            // c2pa-rs's Reader lists as validation_status the active manifest's failures followed by those of the
            // ingredient deltas (validation_results.rs, validation_errors): compare the same union.
            var ours = result.FailureCodes.Concat(result.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Failure.Select(s => s.Code)))
                .Distinct().Order(StringComparer.Ordinal).ToList();
            var state = result.State?.ToString();
            Assert.True(judged.Any(e => e.State == state && e.Failures.Distinct().Order(StringComparer.Ordinal).SequenceEqual(ours)),
                $"ours: {result.State} [{string.Join(",", result.FailureCodes)}]");
            Assert.Contains(result.ActiveManifest.Success, s => s.Code == StatusCodes.AssertionBmffHashMatch);
            return;
        }
        if (expected.All(e => e.Error == "no manifest"))
        {
            var result = Validator.Value.Validate(stream);
            Assert.False(result.HasManifest);
            Assert.Null(result.State);
            return;
        }
        // The reference builds refuse to parse the file: so must we, with a typed error and bounded work.
        var error = Assert.Throws<InvalidMediaException>(() => Validator.Value.Validate(stream));
        Assert.Equal(MediaError.Corrupt, error.Error);
        Assert.Contains("nested", error.Message);
    }

    [Fact]
    public void A_claim_v1_signer_is_judged_at_its_time_stamp_even_from_a_tsa_on_no_list()
    {
        // No TSA anchors: for a claim v2 the time-stamp would be untrusted and the signer judged today (see
        // C2pa/FixtureAgreementTests). The ingredient's claim v1 signer expired on 2023-04-04 but was valid at the
        // token's genTime (2022-08-22), so it is untrusted, not expired, as c2pa-rs 0.91.3 says.
        using var stream = File.OpenRead(Path.Combine(Media, "video1.mp4"));
        var result = Validator.Value.Validate(stream);

        var delta = Assert.Single(result.IngredientDeltas).ValidationDeltas;
        Assert.Equal([StatusCodes.SigningCredentialUntrusted], delta.Failure.Select(s => s.Code));
        Assert.Contains(delta.Success, s => s.Code == StatusCodes.TimeStampTrusted);
        Assert.Contains(delta.Success, s => s.Code == StatusCodes.ClaimSignatureInsideValidity);
        Assert.DoesNotContain(delta.Informational, s => s.Code == StatusCodes.TimeStampUntrusted);
        Assert.Equal(ValidationState.Valid, result.State);
    }

    [Fact]
    public void A_byte_changed_in_the_media_data_is_a_bmff_hash_mismatch()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Media, "video1.mp4"));
        bytes[^1000] ^= 0x01; // inside mdat, the last top-level box
        var result = Validator.Value.Validate(new MemoryStream(bytes));

        Assert.Equal(ValidationState.Invalid, result.State);
        Assert.Contains(StatusCodes.AssertionBmffHashMismatch, result.FailureCodes);
    }

    private static bool SameAnswer(Expectation a, Expectation b) =>
        a.State == b.State && a.Failures.Distinct().Order(StringComparer.Ordinal).SequenceEqual(b.Failures.Distinct().Order(StringComparer.Ordinal));

    private sealed record Expectation(string File, string Validator, string? State, IReadOnlyList<string> Failures, string? Error);

    private static IEnumerable<Expectation> Expected()
    {
        foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.C2paFixtures, "EXPECTED-media.jsonl")).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var state = root.GetProperty("validation_state");
            yield return new Expectation(
                root.GetProperty("file").GetString()!,
                root.GetProperty("validator").GetString()!,
                state.ValueKind == JsonValueKind.Null ? null : state.GetString(),
                root.TryGetProperty("validation_status", out var codes) ? codes.EnumerateArray().Select(c => c.GetString()!).ToList() : [],
                root.TryGetProperty("error", out var error) ? error.GetString() : null);
        }
    }
}
