using Provenance.Core;
using Provenance.Core.Watermark;

namespace Provenance.Composition;

/// <summary>What the pipelines are built from, however a host obtains it (configuration and key files, command-line options).</summary>
/// <param name="TrustAnchorsPem">The trusted C2PA signer anchors.</param>
/// <param name="Watermark">The watermark key and strength.</param>
/// <param name="Limits">Bounds on untrusted media.</param>
/// <param name="RevokedSigners">Thumbprints (SHA-256 of the certificate) of revoked signers; the validator asks it at every validation, so a live set works.</param>
/// <param name="RevocationReason">The operator's reason for a revoked signer, or null when it is not revoked.</param>
public sealed record CoreSetup(
    string TrustAnchorsPem,
    WatermarkOptions Watermark,
    MediaLimits Limits,
    IReadOnlySet<string> RevokedSigners,
    Func<string?, string?> RevocationReason);
