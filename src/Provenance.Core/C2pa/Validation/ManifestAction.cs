namespace Provenance.Core.C2pa.Validation;

/// <summary>An action recorded in the active manifest.</summary>
public sealed record ManifestAction(string Action, string? DigitalSourceType, string? SoftwareAgent, string? SoftwareAgentVersion, string? When);
