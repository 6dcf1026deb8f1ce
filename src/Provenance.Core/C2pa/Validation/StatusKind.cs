namespace Provenance.Core.C2pa.Validation;

internal enum StatusKind
{
    Success,
    Informational,
    Failure,
}
