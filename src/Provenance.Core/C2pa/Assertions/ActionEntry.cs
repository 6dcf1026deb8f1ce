using Provenance.Core.C2pa.Model;

namespace Provenance.Core.C2pa.Assertions;

/// <summary>
/// One action of a <c>c2pa.actions.v2</c> assertion, as this service writes and reports it. <see cref="Ingredients"/>
/// are the hashed URIs of the ingredient assertions the action used (<c>parameters.ingredients</c>, actions v2), as
/// <c>c2pa.opened</c> must name its parentOf ingredient. <see cref="Changes"/> are the regions the action changed and
/// <see cref="Parameters"/> further entries of its <c>parameters</c> map (written only; the summary does not read them).
/// </summary>
internal sealed record ActionEntry(
    string Action,
    string? DigitalSourceType = null,
    string? SoftwareAgentName = null,
    string? SoftwareAgentVersion = null,
    string? When = null,
    string? Description = null,
    IReadOnlyList<HashedUri>? Ingredients = null,
    IReadOnlyList<ActionRegion>? Changes = null,
    IReadOnlyList<ActionParameter>? Parameters = null);
