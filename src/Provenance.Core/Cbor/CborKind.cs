namespace Provenance.Core.Cbor;

/// <summary>The CBOR data model as far as C2PA structures use it.</summary>
internal enum CborKind
{
    Integer,
    ByteString,
    TextString,
    Array,
    Map,
    Tag,
    Boolean,
    Null,
    Undefined,
    Float,
    OtherSimple,
}
