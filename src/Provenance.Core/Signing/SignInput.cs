using Provenance.Core.C2pa;
using Provenance.Core.Audio.Labeling;
using Provenance.Core.Labeling.Explicit;

namespace Provenance.Core.Signing;

/// <summary>What a Sign call knows besides the bytes.</summary>
/// <param name="Generator">Who signs: from the caller's credential, never from the request.</param>
/// <param name="ModelName">The generating model (the softwareAgent of c2pa.created).</param>
/// <param name="WatermarkId">The fresh 64-bit ID to embed; the caller guarantees its uniqueness.</param>
/// <param name="DeclaredMimeType">The caller's MIME type, checked against the bytes; null to trust the bytes.</param>
/// <param name="ExplicitLabel">The visible AI label (GB 45438-2025) to draw before watermarking; null (the default) for none.
/// Audio has nothing to draw on: an audio file with this and no <paramref name="AudibleLabel"/> is refused.</param>
/// <param name="AudibleLabel">The audible label an audio file gets at its start, before its watermark and manifest
/// (docs/explicit-labels.md, "Audio"); null for none. Images and videos ignore it (a video gets the visible label on
/// its frames, its sound track is copied as it is).</param>
public sealed record SignInput(
    ContentGenerator Generator,
    string ModelName,
    string? ModelVersion,
    string? Title,
    ulong WatermarkId,
    string? DeclaredMimeType,
    ExplicitLabel? ExplicitLabel = null,
    AudibleLabel? AudibleLabel = null);
