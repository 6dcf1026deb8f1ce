using Provenance.Core;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa.Foreign;

/// <summary>
/// Our validator against c2pa-rs on every foreign file the project holds: the corpus c2pa-node made
/// (tests/interop/c2pa-corpus, described in its corpus.txt, judged in its EXPECTED.jsonl by
/// tests/interop/c2pa-validate.mjs) and the third-party fixtures with their EXPECTED.jsonl and EXPECTED-media.jsonl.
/// State, the active manifest's failure codes and (where recorded) the ingredient deltas' failure codes must equal
/// the reference's; where c2pa-node 0.5.5 and c2pa-wasm 0.13.3 differ, the newer wasm build is the reference (see
/// <see cref="ForeignExpectation.Reference"/>). One theory row per file: the first difference fails with both answers.
/// </summary>
public class ForeignCorpusAgreementTests
{
    private static readonly Lazy<C2paValidator> Validator = new(() => new C2paValidator(new C2paValidatorOptions
    {
        TrustAnchorsPem = File.ReadAllText(Path.Combine(ForeignFiles.Corpus, "trust-anchors.pem")),
    }));

    public static TheoryData<string> Files() => new(ForeignFiles.All.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Files))]
    public void Our_state_and_codes_equal_the_reference(string name)
    {
        var (path, expectations) = ForeignFiles.All[name];
        var reference = ForeignExpectation.Reference(expectations);
        var bytes = File.ReadAllBytes(path);
        if (AssetHandlerSet.Default.Find(bytes) is null)
        {
            // A container this entry point does not read (AVI; MP4, MOV and M4A go through the stream entry point): refused
            // with a typed error, never judged.
            var refused = Assert.Throws<InvalidMediaException>(() => Validator.Value.Validate(bytes));
            Assert.Equal(MediaError.UnsupportedFormat, refused.Error);
            return;
        }

        if (reference.State is null && reference.Error!.Contains("Invalid RIFF format", StringComparison.Ordinal))
        {
            // An audio container c2pa-rs cannot parse: we refuse it too, with the typed error (Formats/Wav).
            Assert.Equal(MediaError.Truncated, Assert.Throws<InvalidMediaException>(() => Validator.Value.Validate(bytes)).Error);
            return;
        }
        var result = Validator.Value.Validate(bytes);
        if (reference.State is null)
        {
            AssertSameRefusal(reference.Error!, result);
            return;
        }
        var ours = Describe(result.State?.ToString(), result.FailureCodes,
            reference.DeltaFailures is null ? null : result.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Failure.Select(s => s.Code)));
        var theirs = Describe(reference.State, reference.Failures, reference.DeltaFailures);
        Assert.True(ours == theirs, $"{name}: ours {ours}, {reference.Validator} {theirs}");
    }

    [Fact]
    public void The_corpus_lists_every_file_it_holds_and_each_has_both_reference_answers()
    {
        var described = File.ReadLines(Path.Combine(ForeignFiles.Corpus, "corpus.txt")).Select(l => l.Split('\t')[0]).ToHashSet();
        var files = Directory.GetFiles(ForeignFiles.Corpus).Select(Path.GetFileName).Where(ForeignFiles.IsMedia).ToList();
        Assert.True(files.Count >= 30, $"{files.Count} corpus files");
        Assert.All(files, f => Assert.Contains(f!, described));
        Assert.All(files, f => Assert.Equal(2, ForeignFiles.All[f!].Expectations.Count));
    }

    /// <summary>
    /// The committed answers are what the installed builds say now (one node run over the corpus), so EXPECTED.jsonl
    /// cannot drift from c2pa-rs or be edited to suit us.
    /// </summary>
    [Fact]
    public void The_committed_reference_answers_are_what_both_builds_say_now()
    {
        var files = Directory.GetFiles(ForeignFiles.Corpus).Where(f => ForeignFiles.IsMedia(f)).Order(StringComparer.Ordinal).ToList();
        var now = Interop.ReferenceValidators.Validate(files, Path.Combine(ForeignFiles.Corpus, "trust-anchors.pem"));

        Assert.Equal(2 * files.Count, now.Count);
        foreach (var answer in now)
        {
            var committed = ForeignFiles.All[Path.GetFileName(answer.File)].Expectations.Single(e => e.Validator == answer.Validator);
            Assert.True(committed.State == answer.State && committed.Failures.SequenceEqual(answer.Failures)
                && (committed.DeltaFailures ?? []).SequenceEqual(answer.IngredientDeltas.SelectMany(d => d.Failure)),
                $"{Path.GetFileName(answer.File)} {answer.Validator}: committed {committed.State} [{string.Join(",", committed.Failures)}], now {answer.State} [{string.Join(",", answer.Failures)}]");
        }
    }

    [Theory]
    [InlineData("v1-parent-signed.jpg")]
    [InlineData("v1-component-plain.jpg")]
    [InlineData("v1-parent-tampered.jpg")]
    [InlineData("v2-three-manifests.jpg")]
    public void Actions_that_do_not_reference_ingredients_the_v2_way_are_not_an_ingredient_mismatch(string file)
    {
        var result = ValidateCorpusFile(file);
        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.DoesNotContain(StatusCodes.ActionIngredientMismatch, result.FailureCodes);
    }

    [Theory]
    [InlineData("v2-update.jpg")]
    [InlineData("v2-update-redaction.jpg")]
    [InlineData("v1-update.jpg")]
    public void An_update_manifest_needs_no_hard_binding_of_its_own(string file)
    {
        var result = ValidateCorpusFile(file);
        Assert.Equal(ValidationState.Trusted, result.State);
        Assert.DoesNotContain(StatusCodes.ClaimHardBindingsMissing, result.FailureCodes);
        // The parent's binding is what is checked.
        Assert.Contains(result.ActiveManifest.Success, s => s.Code == StatusCodes.AssertionDataHashMatch);
    }

    [Fact]
    public void An_expired_and_untrusted_signer_fails_only_on_its_credential()
    {
        var result = ValidateCorpusFile("v2-expired.jpg");
        Assert.Equal(ValidationState.Invalid, result.State);
        Assert.Equal([StatusCodes.SigningCredentialExpired, StatusCodes.SigningCredentialUntrusted], result.FailureCodes.Distinct().Order(StringComparer.Ordinal));
    }

    private static C2paValidationResult ValidateCorpusFile(string file) =>
        Validator.Value.Validate(File.ReadAllBytes(Path.Combine(ForeignFiles.Corpus, file)));

    private static string Describe(string? state, IEnumerable<string> failures, IEnumerable<string>? deltas) =>
        $"{state} [{string.Join(",", failures.Distinct().Order(StringComparer.Ordinal))}]"
        + (deltas is null ? "" : $" deltas [{string.Join(",", deltas.Distinct().Order(StringComparer.Ordinal))}]");

    /// <summary>Files c2pa-rs does not judge: no manifest, a remote manifest it would have to fetch, an unknown algorithm.</summary>
    private static void AssertSameRefusal(string error, C2paValidationResult result)
    {
        if (error == "no manifest")
        {
            Assert.False(result.HasManifest);
            Assert.Null(result.RemoteManifestUrl);
        }
        else if (error.Contains("remote manifest", StringComparison.OrdinalIgnoreCase) || error.Contains("RemoteManifestUrl", StringComparison.Ordinal))
        {
            Assert.False(result.HasManifest);
            Assert.NotNull(result.RemoteManifestUrl);
            Assert.Contains(result.RemoteManifestUrl, error);
            Assert.Equal([StatusCodes.ManifestInaccessible], result.FailureCodes);
        }
        else if (error.Contains("UnknownAlgorithm", StringComparison.Ordinal))
        {
            Assert.Equal(ValidationState.Invalid, result.State);
            Assert.Contains(StatusCodes.AlgorithmUnsupported, result.FailureCodes);
        }
        else if (error.Contains("InvalidAsset", StringComparison.Ordinal))
        {
            Assert.NotEqual(ValidationState.Valid, result.State);
            Assert.NotEqual(ValidationState.Trusted, result.State);
        }
        else
        {
            Assert.Fail($"no rule for the reference error '{error}'");
        }
    }
}
