using System.Collections.Concurrent;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Model;
using Provenance.Core.C2pa.Validation;
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
/// <item>every signed file above as a platform's derived copy (propagator fields in the XMP label, SignDerived), one
/// copy derived twice, each tampering of <see cref="DerivedTamper"/>, a parent whose signer is no longer trusted, and a
/// copy derived from an original with altered pixels;</item>
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

        var derived = new ConcurrentBag<string>();
        Parallel.ForEach(SignedCorpus, new ParallelOptions { MaxDegreeOfParallelism = 2 }, file =>
        {
            var output = Path.Combine(Folder, "derived-" + Path.GetFileName(file)["signed-".Length..]);
            File.WriteAllBytes(output, DerivedCopies.Derive(File.ReadAllBytes(file), "PLATFORM-042", DerivedPropagateId).Bytes);
            derived.Add(output);
        });
        DerivedCorpus = derived.Order(StringComparer.Ordinal).ToList();

        var original = C2paTestKit.SignWithExample(C2paTestKit.Photo("fruits.jpg"));
        var other = C2paTestKit.SignWithExample(C2paTestKit.Photo("home.jpg"));
        var now = DateTimeOffset.UtcNow;
        var (untrustedRoot, untrusted) = C2paTestKit.MakeChain("Unlisted Lab", now.AddDays(-1), now.AddYears(1));
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

            var copy = DerivedCopies.Derive(original.Bytes, "PLATFORM-042", DerivedPropagateId).Bytes;
            var fromUntrusted = new C2paManifestSigner(untrusted).Sign(C2paTestKit.Photo("fruits.jpg"), C2paTestKit.Request()).Bytes;
            var label = DerivedCopies.Propagated("PLATFORM-042", DerivedPropagateId);
            var trustingBoth = new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = C2paTestKit.TrustAnchorsPem + "\n" + untrustedRoot });
            DerivedSpecial = new Dictionary<string, string>
            {
                ["twice"] = Write("derived-twice.jpg", DerivedCopies.Derive(copy, "PLATFORM-777", "Q-0002").Bytes),
                ["parent signer no longer trusted"] = Write("derived-parent-untrusted.jpg",
                    DerivedCopies.Signer(credential, trustingBoth).SignDerived(DerivedCopies.WithLabel(fromUntrusted, label), DerivedCopies.Request(label)).Bytes),
                ["original with altered pixels"] = Write("derived-over-tampered.jpg", DerivedCopies.Derive(Tamper.PixelByte(original.Bytes)).Bytes),
            };
            // Each tampering of one derived copy per format (fruits.jpg's, chicky_512.png's and fruits.jpg's WebP rendition).
            var tampered = new Dictionary<(string, string), string>();
            foreach (var (format, source) in new[] { ("jpeg", "derived-fruits.jpg"), ("png", "derived-chicky_512.png"), ("webp", "derived-fruits.webp") })
            {
                var bytes = File.ReadAllBytes(Path.Combine(Folder, source));
                foreach (var (name, tamper) in DerivedTamper.All)
                {
                    tampered[(format, name)] = Write($"tampered-{name.Replace(' ', '-')}-{source}", tamper(bytes, DerivedPropagateId));
                }
            }
            DerivedTampered = tampered;
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

        Verdicts = ReferenceValidators.Validate(
            [.. SignedCorpus, .. Tampered.Values, UpdateManifestFile, .. DerivedCorpus, .. DerivedSpecial.Values, .. DerivedTampered.Values], TrustAnchorsPath);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "provenance-c2pa-interop-" + Guid.NewGuid().ToString("N")[..8]);

    public IReadOnlyList<string> SignedCorpus { get; }

    public IReadOnlyDictionary<string, string> Tampered { get; }

    public IReadOnlyDictionary<string, string> NodeSigned { get; }

    /// <summary>The PropagateID written into every derived copy's label (what the XMP tampering changes).</summary>
    public const string DerivedPropagateId = "P-0001";

    /// <summary>Every file of <see cref="SignedCorpus"/> as a platform's derived copy.</summary>
    public IReadOnlyList<string> DerivedCorpus { get; }

    /// <summary>Derived copies with a story: "twice", "parent signer no longer trusted", "original with altered pixels".</summary>
    public IReadOnlyDictionary<string, string> DerivedSpecial { get; }

    /// <summary>A derived JPEG, PNG and WebP, each tampered in each of the ways <see cref="DerivedTamper.All"/> names, by (format, tampering).</summary>
    public IReadOnlyDictionary<(string Format, string Tampering), string> DerivedTampered { get; }

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
