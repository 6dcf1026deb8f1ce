using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;

namespace Provenance.Core.C2pa.Validation;

public sealed partial class C2paValidator
{
    /// <summary>
    /// Validates the manifest store of an asset read from a seekable stream. ISO BMFF files (MP4, MOV, M4A) are read
    /// in place (box tree, store and hashed ranges; never the whole file in memory) up to
    /// <see cref="MediaLimits.MaxVideoBytes"/>; still images are read into memory under the image size limit and
    /// validated as by <see cref="Validate(ReadOnlySpan{byte})"/>. Throws <see cref="InvalidMediaException"/> for an
    /// unsupported format, a file over its limit, or a BMFF box tree that cannot be parsed (c2pa-rs refuses those too).
    /// </summary>
    public C2paValidationResult Validate(Stream asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (!asset.CanSeek || !asset.CanRead)
        {
            throw new ArgumentException("the stream must be readable and seekable (spool it to a temporary file first)", nameof(asset));
        }
        Span<byte> header = stackalloc byte[AssetHandlers.SignatureLength];
        asset.Position = 0;
        var read = asset.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var format = AssetHandlers.DetectFormat(header[..read])
            ?? throw new InvalidMediaException(MediaError.UnsupportedFormat, "The file is not a supported image, video or audio format.");
        if (format is not BmffFormat)
        {
            _options.MediaLimits.CheckFileSize(asset.Length);
            var bytes = new byte[asset.Length];
            asset.Position = 0;
            asset.ReadExactly(bytes);
            return Validate(bytes);
        }
        _options.MediaLimits.CheckVideoSize(asset.Length);
        var tree = BmffTree.Read(asset);
        byte[]? store;
        BmffBox? box;
        try
        {
            (store, box) = BmffHandler.ReadManifestStore(asset, tree);
        }
        catch (InvalidMediaException e) when (e.Error != MediaError.TooLarge)
        {
            return Failed(StatusCodes.GeneralError, "the box holding the manifest store is malformed: " + e.Message);
        }
        if (store is null)
        {
            return WithoutStore(BmffHandler.ReadXmp(asset, tree));
        }
        return ValidateStore(store, new AssetBinding(ReadOnlyMemory<byte>.Empty, new ByteRange(box!.Start, box.Size))
        {
            Bmff = new BmffAsset(asset, tree),
        });
    }
}
