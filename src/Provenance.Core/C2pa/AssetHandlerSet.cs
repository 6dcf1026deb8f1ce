using Provenance.Core.Formats;

namespace Provenance.Core.C2pa;

/// <summary>The format handlers C2PA work uses, picked by the asset's first bytes.</summary>
internal sealed class AssetHandlerSet(IReadOnlyList<IAssetHandler> handlers)
{
    /// <summary>The project's in-memory handlers (JPEG, PNG, WebP; WAV, FLAC, MP3).</summary>
    public static AssetHandlerSet Default { get; } = new(AssetHandlers.InMemory);

    public IReadOnlyList<IAssetHandler> Handlers { get; } = handlers;

    public IAssetHandler? Find(ReadOnlySpan<byte> asset)
    {
        foreach (var handler in Handlers)
        {
            if (handler.Matches(asset))
            {
                return handler;
            }
        }
        return null;
    }

    public IAssetHandler Resolve(ReadOnlySpan<byte> asset) =>
        Find(asset) ?? throw new InvalidMediaException(MediaError.UnsupportedFormat, $"the file is not a {AssetHandlers.Describe(MediaKind.Image)} image or a {string.Join(", ", AssetHandlers.Audio.Select(h => h.DisplayName))} file");
}
