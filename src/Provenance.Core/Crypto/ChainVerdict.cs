namespace Provenance.Core.Crypto;

/// <summary>The outcome of building a certificate path to the trust anchors.</summary>
internal enum ChainVerdict
{
    /// <summary>The path ends at a configured anchor and every certificate is valid at the given time.</summary>
    Trusted,
    /// <summary>No path to a configured anchor (unknown or self-signed issuer).</summary>
    Untrusted,
    /// <summary>A certificate on the path is outside its validity period at the given time.</summary>
    OutsideValidity,
    /// <summary>The path is broken: a bad signature, a CA constraint violated, a malformed certificate.</summary>
    Invalid,
}
