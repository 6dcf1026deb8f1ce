namespace Provenance.Core.C2pa.Assertions;

/// <summary>One action of a <c>c2pa.actions.v2</c> assertion, as this service writes and reports it.</summary>
internal sealed record ActionEntry(
    string Action,
    string? DigitalSourceType = null,
    string? SoftwareAgentName = null,
    string? SoftwareAgentVersion = null,
    string? When = null,
    string? Description = null);
