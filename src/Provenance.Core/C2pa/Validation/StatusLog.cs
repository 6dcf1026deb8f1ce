using Provenance.Core.Text;

namespace Provenance.Core.C2pa.Validation;

/// <summary>Collects the statuses of one manifest's validation, in the order they are found.</summary>
internal sealed class StatusLog
{
    /// <summary>Failures that lower the state to Valid instead of Invalid: the signer is fine, only not trusted.</summary>
    private static readonly HashSet<string> TrustOnlyFailures = [StatusCodes.SigningCredentialUntrusted, StatusCodes.CawgX509CredentialUntrusted];

    private readonly List<(StatusKind Kind, ValidationStatus Status)> _entries = [];

    public IEnumerable<(StatusKind Kind, ValidationStatus Status)> Entries => _entries;

    public void Success(string code, string? url, string? explanation = null) => Add(StatusKind.Success, code, url, explanation);

    public void Info(string code, string? url, string? explanation = null) => Add(StatusKind.Informational, code, url, explanation);

    public void Failure(string code, string? url, string? explanation = null) => Add(StatusKind.Failure, code, url, explanation);

    /// <summary>
    /// Records a status. URL and explanation often quote the file (labels, URIs, names from certificates): they are
    /// escaped and bounded here, once, because they reach responses, stored reports and logs.
    /// </summary>
    public void Add(StatusKind kind, string code, string? url, string? explanation) =>
        _entries.Add((kind, new ValidationStatus(code, Bounded(url, MaxUrlLength), Bounded(explanation, MaxExplanationLength))));

    private const int MaxUrlLength = 1024;
    private const int MaxExplanationLength = 2048;

    private static string? Bounded(string? text, int maxLength) => text is null ? null : LogText.Escape(text, maxLength);

    public void AddRange(StatusLog other) => _entries.AddRange(other._entries);

    /// <summary>True for the failures that say only that a signer is not trusted (the state drops to Valid, not Invalid).</summary>
    public static bool IsTrustOnly(string code) => TrustOnlyFailures.Contains(code);

    public bool HasFailure => _entries.Any(e => e.Kind == StatusKind.Failure);

    /// <summary>True when a failure other than "untrusted" has been recorded.</summary>
    public bool HasHardFailure => _entries.Any(e => e.Kind == StatusKind.Failure && !TrustOnlyFailures.Contains(e.Status.Code));

    public bool Has(string code) => _entries.Any(e => e.Status.Code == code);

    public ValidationStatusSet ToSet() => new(
        _entries.Where(e => e.Kind == StatusKind.Success).Select(e => e.Status).ToList(),
        _entries.Where(e => e.Kind == StatusKind.Informational).Select(e => e.Status).ToList(),
        _entries.Where(e => e.Kind == StatusKind.Failure).Select(e => e.Status).ToList());

    /// <summary>Invalid on any hard failure; Trusted when the signer chains to an anchor; Valid otherwise.</summary>
    public ValidationState State() =>
        HasHardFailure ? ValidationState.Invalid
        : Has(StatusCodes.SigningCredentialTrusted) && !HasFailure ? ValidationState.Trusted
        : ValidationState.Valid;
}
