using System.Security.Cryptography;
using Provenance.Core;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats.Bmff;

namespace Provenance.Fuzz.Targets;

/// <summary>
/// The ISO BMFF container (MP4, MOV, M4A): the box tree, the C2PA and XMP uuid boxes, the BMFF hard-binding hash,
/// the writer that inserts a store and patches chunk offsets (then reads its own output again), and the C2PA
/// validator over the stream (c2pa.hash.bmff.v3). No ffmpeg: frames are not decoded here.
/// </summary>
internal static class BmffTarget
{
    private static readonly Lazy<C2paValidator> Validator = new(() =>
        new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = FuzzKeys.TrustAnchorsPem, MediaLimits = FuzzLimits.Media }));

    private static readonly byte[] StoreBox = C2paUuidBox.Encode(new byte[64]);
    private static readonly byte[] XmpBox = C2paUuidBox.EncodeXmp("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");

    public static void Bmff(byte[] data) => Refusal.AllowMedia(() =>
    {
        using var input = new MemoryStream(data, writable: false);
        var tree = BmffTree.Read(input);
        _ = tree.Find("/moov/trak/mdia/minf/stbl/stco").Count() + tree.Find("/moov/trak/mdia/minf/stbl/co64").Count();
        BmffHandler.ReadManifestStore(input, tree);
        BmffHandler.ReadXmp(input, tree);
        BmffHasher.Hash(input, tree, BmffExclusion.Defaults, HashAlgorithmName.SHA256, withOffsets: true);

        var result = Validator.Value.Validate(input);
        Refusal.ThrowIfValidationStopped(result);
        _ = result.ToJson();

        using var output = new MemoryStream();
        BmffHandler.Write(input, tree, output, StoreBox, XmpBox);
        output.Position = 0;
        var written = BmffTree.Read(output);
        if (BmffHandler.ReadManifestStore(output, written).Store is not { Length: 64 })
        {
            throw new InvalidOperationException("The writer's output does not hold the store it was given.");
        }
    });
}
