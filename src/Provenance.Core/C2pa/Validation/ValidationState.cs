namespace Provenance.Core.C2pa.Validation;

/// <summary>The state of an active manifest (spec "Validation states").</summary>
public enum ValidationState
{
    /// <summary>A failure other than an untrusted signer: a hash, the signature, or the structure is wrong.</summary>
    Invalid,
    /// <summary>Well-formed, signature and hashes match, but the signer does not chain to a trust anchor.</summary>
    Valid,
    /// <summary>Valid, and the signer chains to a configured trust anchor.</summary>
    Trusted,
}
