using Provenance.Fuzz.Targets;
using Provenance.Testing;

namespace Provenance.Core.Tests.Fuzz;

/// <summary>
/// Every input afl++ ever found to crash or hang a target (tests/Provenance.Fuzz/Findings/TARGET/, copied there by
/// scripts/fuzz.sh) runs through that target again: it must now end in the parser's typed refusal or a result.
/// The targets are the fuzzer's own (tests/Provenance.Fuzz/Targets, compiled in here), so a fix is checked
/// against exactly what failed.
/// </summary>
public class FuzzRegressionTests
{
    private static string FindingsRoot => Path.Combine(RepositoryPaths.Root, "tests", "Provenance.Fuzz", "Findings");

    public static TheoryData<string, string> Findings()
    {
        var data = new TheoryData<string, string>();
        foreach (var directory in Directory.GetDirectories(FindingsRoot).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(directory), Path.GetFileName(file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void A_finding_no_longer_fails(string target, string finding)
    {
        var input = File.ReadAllBytes(Path.Combine(FindingsRoot, target, finding));
        FuzzTargets.Get(target).Run(input);
    }

    [Fact]
    public void Every_findings_folder_names_a_target()
    {
        var names = FuzzTargets.All.Select(t => t.Name).ToHashSet();
        Assert.All(Directory.GetDirectories(FindingsRoot), d => Assert.Contains(Path.GetFileName(d), names));
    }
}
