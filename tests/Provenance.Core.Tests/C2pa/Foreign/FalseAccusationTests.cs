using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;
using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa.Foreign;

/// <summary>
/// The verdict the whole offline verification (<see cref="ContentVerifier"/>, as the CLI runs it) gives every
/// foreign file, against what c2pa-rs's judgement means: Trusted is verified; failures that concern only the
/// signer's credential are untrusted; a failed hash, hashed URI or signature is tampered; any other failure (a rule
/// of the spec broken while the hashes hold) is untrusted; no manifest is missing or declared. Above all: no file
/// c2pa-rs finds intact is ever called tampered.
/// </summary>
public class FalseAccusationTests
{
    // The test's own reading of the codes, written out rather than taken from FailureClasses, so a wrong entry there fails here.
    private static readonly HashSet<string> CredentialCodes =
        ["signingCredential.untrusted", "signingCredential.expired", "signingCredential.ocsp.revoked", "signingCredential.invalid", "cawg.x509.credential.untrusted"];

    private static readonly HashSet<string> IntegrityCodes =
        ["assertion.dataHash.mismatch", "assertion.hashedURI.mismatch", "claimSignature.mismatch", "assertion.bmffHash.mismatch", "assertion.boxesHash.mismatch"];

    private static readonly Lazy<ContentVerifier> Verifier = new(() => new ContentVerifier(
        new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = File.ReadAllText(Path.Combine(ForeignFiles.Corpus, "trust-anchors.pem")) }),
        new Watermarker(new WatermarkOptions { KeyHex = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, "watermark-key.txt")).Trim() }),
        MediaLimits.Default));

    public static TheoryData<string> Files() => new(ForeignFiles.All.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Files))]
    public async Task The_verdict_follows_the_reference_judgement(string name)
    {
        var (path, expectations) = ForeignFiles.All[name];
        var bytes = File.ReadAllBytes(path);
        if (AssetHandlerSet.Default.Find(bytes) is null)
        {
            return; // not a container we read yet: ForeignCorpusAgreementTests checks it is refused, not judged
        }
        var reference = ForeignExpectation.Reference(expectations);
        if (reference.Error is { } error && !error.Contains("no manifest", StringComparison.Ordinal) && !error.Contains("emote", StringComparison.Ordinal))
        {
            return; // unknown algorithm: c2pa-rs gives no judgement to follow
        }

        var outcome = await Verifier.Value.VerifyAsync(bytes, null, uploaderDeclaresAi: false, records: null, CancellationToken.None);
        var verdict = outcome.Decision.Verdict;

        var expected = Expected(reference);
        Assert.True(expected.Contains(verdict), $"{name}: {verdict} ({outcome.Decision.VerdictReason}); reference {reference.State} [{string.Join(",", reference.Failures)}]");
        if (!reference.Failures.Any(IntegrityCodes.Contains))
        {
            Assert.NotEqual(Verdict.Tampered, verdict);
        }
    }

    [Fact]
    public void The_foreign_files_hold_every_kind_of_judgement()
    {
        var references = ForeignFiles.All.Values.Select(v => ForeignExpectation.Reference(v.Expectations)).ToList();
        Assert.Contains(references, r => r.State == "Trusted");
        Assert.Contains(references, r => r.State is not null && r.Failures.Count > 0 && r.Failures.All(CredentialCodes.Contains));
        Assert.Contains(references, r => r.Failures.Any(IntegrityCodes.Contains) && r.Failures.Any(CredentialCodes.Contains));
        Assert.Contains(references, r => r.State == "Invalid" && r.Failures.Count > 0 && !r.Failures.Any(IntegrityCodes.Contains) && !r.Failures.All(CredentialCodes.Contains));
    }

    private static Verdict[] Expected(ForeignExpectation reference) => reference switch
    {
        { State: null } => [Verdict.Missing, Verdict.Declared],
        { State: "Trusted" } => [Verdict.Verified],
        _ when reference.Failures.Any(IntegrityCodes.Contains) => [Verdict.Tampered],
        _ => [Verdict.Untrusted],
    };
}
