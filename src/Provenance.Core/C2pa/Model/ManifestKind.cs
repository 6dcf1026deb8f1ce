namespace Provenance.Core.C2pa.Model;

internal enum ManifestKind
{
    /// <summary>A standard manifest (<c>c2ma</c>): binds to content with a hard binding.</summary>
    Standard,
    /// <summary>An update manifest (<c>c2um</c>): adds assertions without changing the content.</summary>
    Update,
}
