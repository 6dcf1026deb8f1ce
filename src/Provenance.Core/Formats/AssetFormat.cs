namespace Provenance.Core.Formats;

/// <summary>The container formats the service signs and verifies.</summary>
public enum AssetFormat
{
    Jpeg,
    Png,
    WebP,
}
