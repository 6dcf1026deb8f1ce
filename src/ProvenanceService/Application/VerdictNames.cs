using Provenance.Core.Verification;

namespace ProvenanceService.Application;

/// <summary>Verdicts by the lower-case names design.md and the CLI use ("verified", ...), which is also how reports store them.</summary>
internal static class VerdictNames
{
    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Verified => "verified",
        Verdict.Recovered => "recovered",
        Verdict.Tampered => "tampered",
        Verdict.Untrusted => "untrusted",
        Verdict.Declared => "declared",
        Verdict.Missing => "missing",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    public static Verdict? Parse(string name) => name switch
    {
        "verified" => Verdict.Verified,
        "recovered" => Verdict.Recovered,
        "tampered" => Verdict.Tampered,
        "untrusted" => Verdict.Untrusted,
        "declared" => Verdict.Declared,
        "missing" => Verdict.Missing,
        _ => null,
    };
}
