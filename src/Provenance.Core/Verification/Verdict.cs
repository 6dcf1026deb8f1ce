namespace Provenance.Core.Verification;

/// <summary>What Verify concludes about a file's provenance (design.md, Verdicts).</summary>
public enum Verdict
{
    /// <summary>An embedded manifest validates and chains to a trusted anchor; any watermark agrees with it.</summary>
    Verified,
    /// <summary>No valid embedded manifest, but the watermark resolves to a stored manifest whose fingerprint matches.</summary>
    Recovered,
    /// <summary>A manifest fails its hashes or signature, or the watermark contradicts the manifest or the content.</summary>
    Tampered,
    /// <summary>Signatures and hashes hold, but the signer is not trusted, or is revoked or expired.</summary>
    Untrusted,
    /// <summary>Only unsigned or unverifiable evidence: XMP label, IPTC source type, a watermark with no record.</summary>
    Declared,
    /// <summary>No manifest, no watermark, no claims.</summary>
    Missing,
}
