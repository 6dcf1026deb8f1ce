namespace Provenance.Core.Cose;

/// <summary>COSE header labels used by C2PA claim signatures.</summary>
internal static class CoseHeaderLabels
{
    public const long Algorithm = 1;
    public const long X5Chain = 33;

    /// <summary>The deprecated text label for x5chain that older C2PA writers used.</summary>
    public const string X5ChainText = "x5chain";
    public const string Pad = "pad";
    public const string Pad2 = "pad2";
    public const string TimeStampV1 = "sigTst";
    public const string TimeStampV2 = "sigTst2";
    public const string TimeStampTokens = "tstTokens";
    public const string TimeStampTokenValue = "val";
    public const string RevocationValues = "rVals";

    /// <summary>The CBOR tag of COSE_Sign1_Tagged.</summary>
    public const ulong Sign1Tag = 18;
}
