namespace Provenance.Core.Crypto;

/// <summary>How an RFC 3161 time-stamp token fared (spec "Validating the TimeStampToken").</summary>
internal enum TimeStampOutcome
{
    /// <summary>Well-formed, imprint and signature match, the TSA chains to a configured anchor at the attested time.</summary>
    Trusted,
    /// <summary>Well-formed and matching, but the TSA does not chain to a configured anchor.</summary>
    Untrusted,
    /// <summary>The imprint or the TSA's signature does not match.</summary>
    Mismatch,
    /// <summary>Not a well-formed token (or a response with a failure status).</summary>
    Malformed,
    /// <summary>The attested time is outside the TSA certificate's validity.</summary>
    OutsideValidity,
}

/// <summary>The result of checking one time-stamp token.</summary>
/// <param name="Authority">The TSA certificate's organisation (or common name), once its signature has verified.</param>
internal sealed record TimeStampResult(TimeStampOutcome Outcome, DateTimeOffset? Time, string Explanation, string? Authority = null);
