using System.Collections.Concurrent;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Formats;
using Provenance.Core.Tests.TestData;
using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa.Interop;

/// <summary>
/// Prepares, once for the interop tests, every file the reference validators are asked about, and asks them in a
/// single node run:
/// <list type="bullet">
/// <item>every corpus photo as JPEG, PNG and WebP (converted with ImageMagick and cwebp, independent encoders), signed by us;</item>
/// <item>the tampering cases of <see cref="TamperingTests"/>, an untrusted and an expired signer, an update manifest;</item>
/// <item>files signed by c2pa-node, for our validator.</item>
/// </list>
/// </summary>
public sealed class InteropCorpus : IDisposable
{
    public InteropCorpus()
    {
        ReferenceValidators.RequireInstalled();
        Directory.CreateDirectory(Folder);
        var inputs = Path.Combine(Folder, "inputs");
        Directory.CreateDirectory(inputs);

        var signed = new ConcurrentBag<string>();
        using (var credential = C2paTestKit.ExampleCredential())
        {
            var signer = new C2paManifestSigner(credential);
            Parallel.ForEach(TestFiles.Photos, new ParallelOptions { MaxDegreeOfParallelism = 2 }, photo =>
            {
                foreach (var input in Renditions(photo, inputs))
                {
                    var output = Path.Combine(Folder, "signed-" + Path.GetFileName(input));
                    File.WriteAllBytes(output, signer.Sign(File.ReadAllBytes(input), C2paTestKit.Request()).Bytes);
                    signed.Add(output);
                }
            });
        }
        SignedCorpus = signed.Order(StringComparer.Ordinal).ToList();

        var original = C2paTestKit.SignWithExample(C2paTestKit.Photo("fruits.jpg"));
        var other = C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg"));
        var now = DateTimeOffset.UtcNow;
        var (_, untrusted) = C2paTestKit.MakeChain("Unlisted Lab", now.AddDays(-1), now.AddYears(1));
        var (expiredRoot, expired) = C2paTestKit.MakeChain("Expired Lab", now.AddYears(-2), now.AddYears(-1));
        using (untrusted)
        using (expired)
        {
            Tampered = new Dictionary<string, string>
            {
                ["pixel"] = Write("tampered-pixel.jpg", Tamper.PixelByte(original.Bytes)),
                ["assertion"] = Write("tampered-assertion.jpg", Tamper.AssertionByte(original.Bytes)),
                ["claim"] = Write("tampered-claim.jpg", Tamper.ClaimByte(original.Bytes)),
                ["signature"] = Write("tampered-signature.jpg", Tamper.SignatureByte(original.Bytes)),
                ["swapped"] = Write("tampered-swapped.jpg", Tamper.SwapStore(original.Bytes, other.ManifestStore)),
                ["untrusted"] = Write("signer-untrusted.jpg", new C2paManifestSigner(untrusted).Sign(C2paTestKit.Photo("fruits.jpg"), C2paTestKit.Request()).Bytes),
                ["expired"] = Write("signer-expired.jpg", new C2paManifestSigner(expired).Sign(C2paTestKit.Photo("fruits.jpg"), C2paTestKit.Request()).Bytes),
            };
            using var credential = C2paTestKit.ExampleCredential();
            var parent = ManifestStore.Parse(original.ManifestStore).Active!;
            UpdateManifestFile = Write("update-manifest.jpg",
                AssetHandlers.Detect(original.Bytes).ReplaceManifestStore(original.Bytes, UpdateManifests.Over(credential, parent).Store(parent.Box)));
        }
        // The expired signer's root is trusted, so that expiry is the only thing wrong with it.
        TrustAnchorsPath = Write("trust-anchors.pem", System.Text.Encoding.ASCII.GetBytes(C2paTestKit.TrustAnchorsPem + "\n" + expiredRoot));

        var certificates = Path.Combine(RepositoryPaths.C2paFixtures, "certs");
        NodeSigned = new Dictionary<string, string>
        {
            ["ed25519 jpeg"] = Path.Combine(Folder, "c2pa-node-ed25519.jpg"),
            ["ps256 png"] = Path.Combine(Folder, "c2pa-node-ps256.png"),
        };
        ReferenceValidators.SignWithC2paNode(Path.Combine(certificates, "ed25519.pub"), Path.Combine(certificates, "ed25519.pem"), "ed25519",
            TestFiles.Photo("butterfly.jpg"), NodeSigned["ed25519 jpeg"]);
        ReferenceValidators.SignWithC2paNode(Path.Combine(certificates, "ps256.pub"), Path.Combine(certificates, "ps256.pem"), "ps256",
            TestFiles.Photo("chicky_512.png"), NodeSigned["ps256 png"]);

        Verdicts = ReferenceValidators.Validate([.. SignedCorpus, .. Tampered.Values, UpdateManifestFile], TrustAnchorsPath);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "provenance-c2pa-interop-" + Guid.NewGuid().ToString("N")[..8]);

    public IReadOnlyList<string> SignedCorpus { get; }

    public IReadOnlyDictionary<string, string> Tampered { get; }

    public IReadOnlyDictionary<string, string> NodeSigned { get; }

    /// <summary>A signed photo with an update manifest (c2um) added over its manifest.</summary>
    public string UpdateManifestFile { get; }

    public string TrustAnchorsPath { get; }

    internal IReadOnlyList<ReferenceVerdict> Verdicts { get; }

    internal IEnumerable<ReferenceVerdict> VerdictsFor(string file) => Verdicts.Where(v => v.File == file);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; nothing depends on it.
        }
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The photo as JPEG, PNG and WebP; conversions by ImageMagick and cwebp, originals kept where the format matches.</summary>
    private static IEnumerable<string> Renditions(string photo, string folder)
    {
        var stem = Path.Combine(folder, Path.GetFileNameWithoutExtension(photo));
        var isPng = Path.GetExtension(photo).Equals(".png", StringComparison.OrdinalIgnoreCase);
        var jpeg = stem + ".jpg";
        var png = stem + ".png";
        var webp = stem + ".webp";
        File.Copy(photo, isPng ? png : jpeg, overwrite: true);
        ExternalTool.Run("convert", [photo, "-quality", "90", isPng ? jpeg : png], folder, TimeSpan.FromMinutes(2));
        ExternalTool.Run("cwebp", ["-quiet", "-q", "85", isPng ? png : jpeg, "-o", webp], folder, TimeSpan.FromMinutes(2));
        return [jpeg, png, webp];
    }
}
