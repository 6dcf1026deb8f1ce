namespace Provenance.Core.C2pa;

/// <summary>
/// The claim's <c>claim_generator_info</c>: the software that made the claim (name, version) and extra fields under
/// reverse-DNS keys, which the spec allows in a generator-info-map.
/// </summary>
internal sealed record ClaimGeneratorInfo(string Name, string? Version, IReadOnlyList<KeyValuePair<string, string>> Extra);
