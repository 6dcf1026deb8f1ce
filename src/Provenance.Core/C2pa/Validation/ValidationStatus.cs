namespace Provenance.Core.C2pa.Validation;

/// <summary>One validation status: the spec's code, the JUMBF URI of what it is about, and a human explanation.</summary>
public sealed record ValidationStatus(string Code, string? Url, string? Explanation);
