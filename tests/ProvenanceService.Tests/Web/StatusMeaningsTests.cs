using System.Reflection;
using System.Text.RegularExpressions;
using Provenance.Core.C2pa.Validation;
using Provenance.Testing;

namespace ProvenanceService.Tests.Web;

/// <summary>
/// The page explains every status code the validator can report in plain words (wwwroot/status-codes.js), and
/// explains no code the validator does not know.
/// </summary>
public sealed partial class StatusMeaningsTests
{
    [Fact]
    public void Every_status_code_of_the_validator_has_a_plain_language_meaning_on_the_page_and_no_other()
    {
        var codes = typeof(StatusCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        var script = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "ProvenanceService", "wwwroot", "status-codes.js"));
        var meanings = Entry().Matches(script).ToDictionary(m => m.Groups["code"].Value, m => m.Groups["meaning"].Value, StringComparer.Ordinal);

        Assert.True(codes.Count > 50, $"only {codes.Count} codes found by reflection");
        Assert.Empty(codes.Except(meanings.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(meanings.Keys.Except(codes).Order(StringComparer.Ordinal));
        Assert.All(meanings, m => Assert.EndsWith(".", m.Value));
    }

    [GeneratedRegex("""^\s*"(?<code>[^"]+)": "(?<meaning>[^"]+)",$""", RegexOptions.Multiline)]
    private static partial Regex Entry();
}
