using Provenance.Core.Audio.Labeling;
using Provenance.Core.Labeling.Explicit;

namespace ProvenanceService.Application;

/// <summary>What a generator asks Sign for: the file and what it says about how the content was made.</summary>
/// <param name="MimeType">When set it must agree with the bytes.</param>
/// <param name="PromptDigest">SHA-256 of the prompt (32 bytes), kept for audits; null when not given.</param>
/// <param name="ExplicitLabel">The visible AI label to draw (docs/explicit-labels.md); null for none.</param>
/// <param name="File">A video spooled to disk by a streaming call, in place of <paramref name="Media"/> (then empty);
/// the signed clip is written to its <see cref="SpooledMedia.SignedPath"/>.</param>
/// <param name="AudibleLabel">The audible label for audio, played before the content; null for none.</param>
internal sealed record SignCommand(
    ReadOnlyMemory<byte> Media,
    string? MimeType,
    string ModelName,
    string? ModelVersion,
    string? Title,
    byte[]? PromptDigest,
    ExplicitLabel? ExplicitLabel = null,
    AudibleLabel? AudibleLabel = null,
    SpooledMedia? File = null)
{
    /// <summary>The upload's size, for the audit log.</summary>
    public long Length => File?.Length ?? Media.Length;
}
