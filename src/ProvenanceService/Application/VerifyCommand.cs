namespace ProvenanceService.Application;

/// <summary>What a platform asks Verify for.</summary>
/// <param name="Propagation">When set, a copy carrying the platform's propagation fields is made.</param>
/// <param name="File">A video spooled to disk by a streaming call, in place of <paramref name="Media"/> (then empty).</param>
internal sealed record VerifyCommand(
    ReadOnlyMemory<byte> Media,
    string? MimeType,
    bool UploaderDeclaresAiGenerated,
    PropagationCommand? Propagation,
    SpooledMedia? File = null);

/// <summary>The platform's distribution of the content, for the AIGC label of the copy it gets back.</summary>
/// <param name="ContentPropagator">Overrides the platform identity's propagator code; null to keep it.</param>
internal sealed record PropagationCommand(string? ContentPropagator, string PropagateId);
