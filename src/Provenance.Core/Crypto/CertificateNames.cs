using System.Security.Cryptography.X509Certificates;

namespace Provenance.Core.Crypto;

/// <summary>Reads single attributes from distinguished names.</summary>
internal static class CertificateNames
{
    private const string OrganizationOid = "2.5.4.10";

    public static string? Organization(X500DistinguishedName name)
    {
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == OrganizationOid)
            {
                return rdn.GetSingleElementValue();
            }
        }
        return null;
    }
}
