namespace Provenance.Core.Formats;

/// <summary>
/// Which C2PA hard binding a format's manifests carry: <c>c2pa.hash.data</c> (byte ranges, for JPEG, PNG, WebP,
/// WAV, MP3) or <c>c2pa.hash.bmff.v3</c> (box paths, for ISO BMFF: MP4, MOV, M4A).
/// </summary>
public enum HardBindingKind
{
    DataHash,
    BmffHash,
}
