using System.Security.Cryptography;
using Provenance.Core;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Cbor;
using Provenance.Core.Cose;
using Provenance.Core.Credentials;
using Provenance.Core.Formats;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Transforms;
using Provenance.Core.Jumbf;
using Provenance.Core.Labeling;
using Provenance.Core.Signing;
using Provenance.Core.Watermark;
using Provenance.Fuzz.Targets;
using Provenance.Testing;

namespace Provenance.Fuzz.Seeds;

/// <summary>
/// Starting inputs per target, made from the repository's photos, keys and the C2PA fixtures: small images in
/// each format (plain, with an AIGC XMP label, and signed by the Sign pipeline so they hold a C2PA store), and
/// the structures cut out of signed files (manifest stores, CBOR boxes, COSE signatures, certificates,
/// time-stamp tokens, XMP packets). Small seeds keep afl++ fast: the containers are 256 pixels on a side.
/// </summary>
internal static class SeedCorpus
{
    public static void Write(string target, string directory)
    {
        Directory.CreateDirectory(directory);
        var seeds = target switch
        {
            "jpeg" => Containers().Where(s => s.Name.EndsWith(".jpg", StringComparison.Ordinal)),
            "png" => Containers().Where(s => s.Name.EndsWith(".png", StringComparison.Ordinal)),
            "webp" => Containers().Where(s => s.Name.EndsWith(".webp", StringComparison.Ordinal)),
            "decode" or "verify" => Containers(),
            "jumbf" or "manifest" => Stores(),
            "cbor" => Boxes().Where(b => IsCbor(b.Bytes)),
            "cose" => Signatures(),
            "x509" => Certificates(),
            "timestamp" => TimeStampTokens(),
            "xmp" => XmpPackets(),
            "audio" => AudioFiles(),
            "bmff" => VideoSeeds.All(),
            _ => throw new ArgumentException($"No seeds for '{target}'."),
        };
        int count = 0;
        foreach (var (name, bytes) in Distinct(seeds))
        {
            File.WriteAllBytes(Path.Combine(directory, name), bytes);
            count++;
        }
        if (count == 0)
        {
            throw new InvalidOperationException($"No seeds were made for '{target}'.");
        }
        Console.Error.WriteLine($"seeds: {count} for {target} in {directory}");
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Distinct(IEnumerable<(string Name, byte[] Bytes)> seeds)
    {
        var seen = new HashSet<string>();
        foreach (var (name, bytes) in seeds)
        {
            if (seen.Add(Convert.ToHexString(SHA256.HashData(bytes))))
            {
                yield return (name, bytes);
            }
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Containers()
    {
        var settings = new (string Extension, EncodeSettings Settings)[]
        {
            (".jpg", EncodeSettings.Jpeg(75)), (".jpg", EncodeSettings.Jpeg(60, progressive: true)),
            (".png", EncodeSettings.Png()), (".png", EncodeSettings.Png(grayscale: true)),
            (".webp", EncodeSettings.WebP(70)), (".webp", EncodeSettings.WebPLossless()),
        };
        using var photo = ImageCodec.Decode(File.ReadAllBytes(Path.Combine(RepositoryPaths.Photos, "home.jpg")));
        using var small = Resize.Apply(photo.Frame, 256, 256);
        using var tiny = Resize.Apply(photo.Frame, 16, 16);
        var xmp = AigcMetadata.Write(null, new AigcLabel { Label = AigcLabel.AiGenerated, ContentProducer = "seed" }, DigitalSourceTypes.TrainedAlgorithmicMedia);
        using var signer = Signer();
        int i = 0;
        foreach (var (extension, setting) in settings)
        {
            var plain = ImageCodec.Encode(tiny, setting);
            yield return ($"tiny-{i}{extension}", plain);
            yield return ($"tiny-xmp-{i}{extension}", AssetHandlers.Detect(plain).WriteXmp(plain, xmp));
            var signed = signer.Signer.Sign(ImageCodec.Encode(small, setting), signer.Input).Bytes;
            yield return ($"signed-{i}{extension}", signed);
            i++;
        }
        yield return ("libpng-test.png", File.ReadAllBytes(Path.Combine(RepositoryPaths.C2paFixtures, "files", "libpng-test.png")));
    }

    /// <summary>Manifest stores: from the signed seeds and from the fixtures made by other C2PA implementations.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> Stores()
    {
        var files = Containers().Where(c => c.Name.StartsWith("signed", StringComparison.Ordinal))
            .Concat(Directory.GetFiles(Path.Combine(RepositoryPaths.C2paFixtures, "files")).Select(p => (Name: Path.GetFileName(p), Bytes: File.ReadAllBytes(p))));
        foreach (var (name, bytes) in files)
        {
            byte[]? store = null;
            try
            {
                store = AssetHandlers.Detect(bytes).ReadManifestStore(bytes);
            }
            catch (InvalidMediaException)
            {
            }
            if (store is not null)
            {
                yield return ($"store-{name}.jumbf", store);
            }
        }
    }

    /// <summary>Every box payload of every store (claims, assertions, signatures).</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> Boxes()
    {
        int i = 0;
        foreach (var (_, store) in Stores())
        {
            var stack = new Stack<JumbfBox>([JumbfReader.ReadSuperbox(store)]);
            while (stack.Count > 0)
            {
                var box = stack.Pop();
                foreach (var child in box.Children)
                {
                    stack.Push(child);
                }
                if (!box.IsSuperbox && box.Payload.Length is > 0 and < 64 * 1024)
                {
                    yield return ($"box-{i++}", box.Payload.ToArray());
                }
            }
        }
    }

    private static bool IsCbor(byte[] bytes)
    {
        try
        {
            CborTreeReader.Read(bytes);
            return true;
        }
        catch (CborFormatException)
        {
            return false;
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Signatures()
    {
        foreach (var (name, bytes) in Boxes())
        {
            CoseSign1Message? message = null;
            try
            {
                message = CoseSign1Message.Decode(bytes);
            }
            catch (CoseFormatException)
            {
            }
            if (message is not null)
            {
                yield return ($"cose-{name}", bytes);
            }
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Certificates()
    {
        foreach (var (name, bytes) in Signatures())
        {
            int i = 0;
            foreach (var certificate in CoseSign1Message.Decode(bytes).ReadCertificateChain())
            {
                using (certificate)
                {
                    yield return ($"{name}-cert{i++}.der", certificate.RawData);
                }
            }
        }
    }

    /// <summary>
    /// DER blobs in the signatures' unprotected headers (sigTst/sigTst2 tokens), each prefixed with the byte that
    /// makes the target read it as a response (1, v1) or as a bare token (0, v2); both forms of each.
    /// </summary>
    private static IEnumerable<(string Name, byte[] Bytes)> TimeStampTokens()
    {
        int i = 0;
        foreach (var (name, bytes) in Signatures())
        {
            foreach (var der in DerStrings(CoseSign1Message.Decode(bytes).UnprotectedHeaders))
            {
                yield return ($"tst-{i}-response", [1, .. der]);
                yield return ($"tst-{i++}-token", [0, .. der]);
            }
        }
        // Without a time-stamped fixture, a certificate still gives the ASN.1 shape to mutate from.
        foreach (var (name, der) in Certificates().Take(2))
        {
            yield return ($"tst-{name}", [0, .. der]);
        }
    }

    private static IEnumerable<byte[]> DerStrings(CborNode node)
    {
        if (node.Kind == CborKind.ByteString && node.Bytes.Length > 64 && node.Bytes.Span[0] == 0x30)
        {
            yield return node.Bytes.ToArray();
        }
        foreach (var child in node.Items.Concat(node.Entries.Select(e => e.Value)).Concat(node.Tagged is { } t ? [t] : []))
        {
            foreach (var der in DerStrings(child))
            {
                yield return der;
            }
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> XmpPackets()
    {
        var files = Containers().Concat(Directory.GetFiles(Path.Combine(RepositoryPaths.C2paFixtures, "files")).Select(p => (Name: Path.GetFileName(p), Bytes: File.ReadAllBytes(p))));
        foreach (var (name, bytes) in files)
        {
            string? xmp = null;
            try
            {
                xmp = AssetHandlers.Detect(bytes).ReadXmp(bytes);
            }
            catch (InvalidMediaException)
            {
            }
            if (xmp is not null)
            {
                yield return ($"xmp-{name}.xml", System.Text.Encoding.UTF8.GetBytes(xmp));
            }
        }
    }

    /// <summary>
    /// Tiny WAV, MP3 (ID3v2.4 and v2.3, and untagged) and FLAC files made here, each also labelled and signed by the
    /// Sign pipeline so they hold the C2PA chunk or GEOB frame, XMP and the TXXX label.
    /// </summary>
    private static IEnumerable<(string Name, byte[] Bytes)> AudioFiles()
    {
        byte[] fmt = [1, 0, 1, 0, 0x40, 0x1F, 0, 0, 0x80, 0x3E, 0, 0, 2, 0, 16, 0];
        byte[] wavBody = [.. "WAVE"u8, .. "fmt "u8, 16, 0, 0, 0, .. fmt, .. "data"u8, 16, 0, 0, 0, .. new byte[16]];
        byte[] wav = [.. "RIFF"u8, (byte)wavBody.Length, 0, 0, 0, .. wavBody];
        byte[] title = [.. "TIT2"u8, 0, 0, 0, 6, 0, 0, 3, .. "title"u8];
        byte[] frameHeader = [0xFF, 0xFB, 0x90, 0x64, .. new byte[60]];
        byte[] mp3v4 = [.. "ID3"u8, 4, 0, 0, 0, 0, 0, (byte)title.Length, .. title, .. frameHeader];
        byte[] mp3v3 = [.. "ID3"u8, 3, 0, 0, 0, 0, 0, (byte)title.Length, .. title, .. frameHeader];
        byte[] flac = [.. "fLaC"u8, 0x80, 0, 0, 34, .. new byte[34], 0xFF, 0xF8, 1, 2, 3, 4];
        using var seed = Signer();
        foreach (var (name, bytes) in new[] { ("wav", wav), ("v24.mp3", mp3v4), ("v23.mp3", mp3v3), ("untagged.mp3", frameHeader), ("flac", flac) })
        {
            yield return ($"tiny.{name}", bytes);
            yield return ($"signed.{name}", seed.Signer.Sign(bytes, seed.Input).Bytes);
        }
    }

    private static SeedSigner Signer()
    {
        var keys = RepositoryPaths.KeysExample;
        var credential = C2paSigningCredential.FromPemFiles(Path.Combine(keys, KeyDirectory.SignerChainFile), Path.Combine(keys, KeyDirectory.SignerKeyFile));
        var signer = new ContentSigner(credential, new Watermarker(new WatermarkOptions { KeyHex = FuzzKeys.WatermarkKeyHex }), MediaLimits.Default);
        var input = new SignInput(new ContentGenerator("Fuzz Seed Generator", "Example AI Labs", "EXAMPLE-FUZZ"), "seed-model", "1", null, 0x0123456789ABCDEF, null);
        return new SeedSigner(credential, signer, input);
    }

    private sealed record SeedSigner(C2paSigningCredential Credential, ContentSigner Signer, SignInput Input) : IDisposable
    {
        public void Dispose() => Credential.Dispose();
    }
}
