namespace Provenance.Core.Crypto;

/// <summary>Object identifiers of the C2PA signing-certificate profile (C2PA spec, "Trust Model").</summary>
public static class C2paOids
{
    /// <summary>c2pa-kp-claimSigning.</summary>
    public const string ClaimSigning = "1.3.6.1.4.1.62558.2.1";

    /// <summary>id-kp-documentSigning (RFC 9336).</summary>
    public const string DocumentSigning = "1.3.6.1.5.5.7.3.36";

    /// <summary>id-kp-emailProtection; accepted by the C2PA profile and by every validator tried with it.</summary>
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";

    /// <summary>id-kp-timeStamping, the EKU of a time-stamping authority's certificate.</summary>
    public const string TimeStamping = "1.3.6.1.5.5.7.3.8";

    /// <summary>id-kp-OCSPSigning.</summary>
    public const string OcspSigning = "1.3.6.1.5.5.7.3.9";

    /// <summary>anyExtendedKeyUsage, which the C2PA profile forbids on a signing certificate.</summary>
    public const string AnyExtendedKeyUsage = "2.5.29.37.0";
}
