namespace Provenance.Core.C2pa.Validation;

/// <summary>Status codes sorted the way the spec's status-codes-map sorts them.</summary>
public sealed record ValidationStatusSet(
    IReadOnlyList<ValidationStatus> Success,
    IReadOnlyList<ValidationStatus> Informational,
    IReadOnlyList<ValidationStatus> Failure)
{
    public static ValidationStatusSet Empty { get; } = new([], [], []);

    public bool HasCode(string code) =>
        Success.Any(s => s.Code == code) || Informational.Any(s => s.Code == code) || Failure.Any(s => s.Code == code);
}
