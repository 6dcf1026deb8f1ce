using Provenance.Core.C2pa.Assertions;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Labeling;

namespace Provenance.Core.C2pa;

public sealed partial class C2paManifestSigner
{
    /// <summary>
    /// Signs an ISO BMFF asset (MP4, MOV, M4A) read from <paramref name="input"/> (seekable) into
    /// <paramref name="output"/> (seekable, empty), never holding the media data in memory. The output is the input
    /// with any earlier C2PA store and XMP box replaced: ftyp, the C2PA uuid box (a <c>c2pa.hash.bmff.v3</c> binding
    /// with the default exclusions), the XMP uuid box with the AIGC label (<c>TC260:AIGC</c>, from
    /// <see cref="C2paSigningRequest.AigcLabelJson"/>) and the IPTC source type, then the other boxes with their chunk
    /// offsets patched. The store's size does not depend on the hash, so a placeholder is written, the output hashed,
    /// and the signed store written over the placeholder in place.
    /// Throws <see cref="InvalidMediaException"/> for a file that is not ISO BMFF, is over
    /// <see cref="MediaLimits.MaxVideoBytes"/>, malformed, or fragmented.
    /// </summary>
    public C2paSignedStream SignStream(Stream input, Stream output, C2paSigningRequest request, MediaLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ModelName);
        if (!input.CanSeek || !output.CanSeek || !output.CanWrite)
        {
            throw new ArgumentException("both streams must be seekable (spool to temporary files first)");
        }
        var label = AigcLabel.TryParse(request.AigcLabelJson)
            ?? throw new ArgumentException("the AIGC label JSON is not a GB 45438 label", nameof(request));
        (limits ?? MediaLimits.Default).CheckVideoSize(input.Length);
        Span<byte> header = stackalloc byte[AssetHandlers.SignatureLength];
        input.Position = 0;
        var read = input.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (AssetHandlers.DetectFormat(header[..read]) is not BmffFormat)
        {
            throw new InvalidMediaException(MediaError.UnsupportedFormat, "The file is not an ISO BMFF (MP4, MOV or M4A) file.");
        }
        var tree = BmffTree.Read(input);
        var xmp = AigcMetadata.Write(BmffHandler.ReadXmp(input, tree), label, DigitalSourceTypes.TrainedAlgorithmicMedia);

        var generator = GeneratorInfo(request.Generator, ContentProducerKey);
        var assertions = BuildAssertions(request);
        var manifestLabel = request.ManifestLabel is { } requested ? CheckLabel(requested, earlier: null) : NewManifestLabel();
        var instanceId = NewInstanceId();
        var exclusions = BmffExclusion.Defaults;
        byte[] StoreFor(byte[] hash, bool sign) => Compose(manifestLabel, instanceId, generator, request.Title,
            [assertions[0], AssertionPayload.Cbor(C2paLabels.BmffHashV3, BmffHashAssertion.Encode(exclusions, hash)), .. assertions.Skip(1)],
            earlierStore: null, sign);

        var placeholder = StoreFor(new byte[ManifestEmbedding.HashLength], sign: false);
        var start = output.Position;
        var boxStart = BmffHandler.Write(input, tree, output, C2paUuidBox.Encode(placeholder), C2paUuidBox.EncodeXmp(xmp));
        var end = output.Position;
        output.Flush();

        using var signedView = new SubStream(output, start, end - start);
        var signedTree = BmffTree.Read(signedView);
        var hash = BmffHasher.Hash(signedView, signedTree, exclusions, System.Security.Cryptography.HashAlgorithmName.SHA256, withOffsets: true);
        var store = StoreFor(hash, sign: true);
        if (store.Length != placeholder.Length)
        {
            throw new InvalidOperationException($"the manifest store is {store.Length} bytes, {placeholder.Length} were planned");
        }
        output.Position = boxStart + C2paUuidBox.ManifestOverhead;
        output.Write(store);
        output.Position = end;
        output.Flush();
        return new C2paSignedStream(manifestLabel, store, ManifestJson.Manifest(ManifestStore.Parse(store).Active!), end - start);
    }
}
