using Provenance.Cli.Commands;
using Provenance.Testing;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>
/// `provenance verify --json --trust` offline on files made by c2pa-node (tests/interop/c2pa-corpus, corpus.txt
/// describes them), one of each class of issue 13: v1 actions and ingredients, two manifests, an update manifest,
/// a credential failure alone (untrusted, expired) and with altered pixels, and a file that only refers to a
/// remote manifest.
/// </summary>
public sealed class CliForeignCorpusTests
{
    [Fact]
    public async Task Foreign_files_get_the_verdict_of_their_failures_class()
    {
        var corpus = Path.Combine(RepositoryPaths.Interop, "c2pa-corpus");
        var expected = new Dictionary<string, string>
        {
            ["v1-parent-signed.jpg"] = "verified",
            ["v1-component-plain.jpg"] = "verified",
            ["v2-three-manifests.jpg"] = "verified",
            ["v2-update.jpg"] = "verified",
            ["v2-untrusted.jpg"] = "untrusted",
            ["v2-expired.jpg"] = "untrusted",
            ["v2-no-actions.jpg"] = "untrusted",
            ["v2-expired-pixels-altered.jpg"] = "tampered",
            ["v2-update-pixels-altered.jpg"] = "tampered",
            ["v2-remote-only.jpg"] = "missing",
        };
        var files = expected.Keys.Select(f => Path.Combine(corpus, f)).ToArray();

        var result = await Cli.RunAsync(["verify", .. files, "--json", "--trust", Path.Combine(corpus, "trust-anchors.pem")]);

        Assert.True(result.ExitCode == ExitCodes.NotVerified, result.ToString());
        foreach (var (file, verdict) in expected)
        {
            var line = result.Line(Path.Combine(corpus, file));
            Assert.True(verdict == line.GetProperty("verdict").GetString(), $"{file}: {line}");
        }
    }
}
