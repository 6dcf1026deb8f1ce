using System.IO.Compression;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa.Model;

/// <summary>
/// A C2PA manifest store parsed from untrusted JUMBF: the outer <c>c2pa</c> superbox and its manifests, the last of
/// which is the active manifest. Superboxes of types this reader does not know are skipped, as the spec asks.
/// </summary>
internal sealed class ManifestStore
{
    /// <summary>Decompressed manifests larger than this are refused (a compressed manifest is a zip-bomb vector).</summary>
    public const int MaxDecompressedManifestBytes = 32 * 1024 * 1024;

    /// <summary>
    /// All compressed manifests of one store together expand to at most this. Brotli turns a few dozen bytes into
    /// megabytes of zeros, so a per-manifest bound alone would let one store of many tiny brob boxes cost
    /// gigabytes of decompression; past the budget the remaining compressed manifests are refused unread.
    /// </summary>
    public const int MaxDecompressedStoreBytes = 64 * 1024 * 1024;

    private ManifestStore(JumbfBox root, IReadOnlyList<ManifestBox> manifests, IReadOnlyList<string> problems, string? activeProblem)
    {
        Root = root;
        Manifests = manifests;
        Problems = problems;
        ActiveProblem = activeProblem;
    }

    /// <summary>Why the last manifest superbox (the active manifest) could not be read, when it could not.</summary>
    public string? ActiveProblem { get; }

    public JumbfBox Root { get; }

    public IReadOnlyList<ManifestBox> Manifests { get; }

    /// <summary>Manifests that could not be read (e.g. a compressed manifest that does not decompress), described.</summary>
    public IReadOnlyList<string> Problems { get; }

    public ManifestBox? Active => Manifests.Count > 0 ? Manifests[^1] : null;

    private Dictionary<string, ManifestBox>? _byLabel;

    /// <summary>The manifest with this label (the first, should a hostile store repeat a label), or null.</summary>
    public ManifestBox? Find(string label)
    {
        if (_byLabel is null)
        {
            var index = new Dictionary<string, ManifestBox>(StringComparer.Ordinal);
            foreach (var manifest in Manifests)
            {
                index.TryAdd(manifest.Label, manifest);
            }
            _byLabel = index;
        }
        return _byLabel.GetValueOrDefault(label);
    }

    /// <summary>
    /// Parses the store. Throws <see cref="JumbfFormatException"/> when the bytes are not a JUMBF superbox of type
    /// <c>c2pa</c>.
    /// </summary>
    public static ManifestStore Parse(ReadOnlyMemory<byte> jumbf)
    {
        var root = JumbfReader.ReadSuperbox(jumbf);
        if (root.TypeCode != JumbfTypeIds.ManifestStore || root.Label != C2paLabels.ManifestStore)
        {
            throw new JumbfFormatException($"the outer superbox is '{root.Label}', not a C2PA manifest store");
        }
        var manifests = new List<ManifestBox>();
        var problems = new List<string>();
        string? activeProblem = null;
        long budget = MaxDecompressedStoreBytes;
        foreach (var child in root.Children)
        {
            if (!child.IsSuperbox)
            {
                continue;
            }
            activeProblem = null;
            switch (child.TypeCode)
            {
                case JumbfTypeIds.StandardManifest:
                    manifests.Add(new ManifestBox(child, child, ManifestKind.Standard));
                    break;
                case JumbfTypeIds.UpdateManifest:
                    manifests.Add(new ManifestBox(child, child, ManifestKind.Update));
                    break;
                case JumbfTypeIds.CompressedManifest:
                    if (Decompress(child, ref budget, out var inner, out var problem))
                    {
                        manifests.Add(new ManifestBox(child, inner!, inner!.TypeCode == JumbfTypeIds.UpdateManifest ? ManifestKind.Update : ManifestKind.Standard));
                    }
                    else
                    {
                        problems.Add($"{child.Label}: {problem}");
                        activeProblem = problem;
                    }
                    break;
            }
        }
        return new ManifestStore(root, manifests, problems, activeProblem);
    }

    /// <summary>Decompresses one manifest, spending from the store's <paramref name="budget"/>.</summary>
    private static bool Decompress(JumbfBox compressed, ref long budget, out JumbfBox? inner, out string problem)
    {
        inner = null;
        if (budget <= 0)
        {
            problem = $"the store's compressed manifests expand beyond {MaxDecompressedStoreBytes} bytes in total";
            return false;
        }
        long limit = Math.Min(MaxDecompressedManifestBytes, budget);
        long produced = 0;
        var brob = compressed.Children.FirstOrDefault(c => c.Type == BoxType.Brotli);
        if (brob is null)
        {
            problem = "a compressed manifest has no brob box";
            return false;
        }
        try
        {
            using var input = new MemoryStream(brob.Payload.ToArray(), writable: false);
            using var brotli = new BrotliStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = brotli.Read(buffer)) > 0)
            {
                produced = output.Length + read;
                if (produced > limit)
                {
                    problem = limit < MaxDecompressedManifestBytes
                        ? $"the store's compressed manifests expand beyond {MaxDecompressedStoreBytes} bytes in total"
                        : $"a compressed manifest expands beyond {MaxDecompressedManifestBytes} bytes";
                    return false;
                }
                output.Write(buffer, 0, read);
            }
            var box = JumbfReader.ReadSuperbox(output.ToArray());
            if (box.TypeCode is not (JumbfTypeIds.StandardManifest or JumbfTypeIds.UpdateManifest))
            {
                problem = "a compressed manifest does not hold a standard or update manifest";
                return false;
            }
            inner = box;
            problem = string.Empty;
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or JumbfFormatException or IOException)
        {
            problem = "a compressed manifest does not decompress: " + e.Message;
            return false;
        }
        finally
        {
            // Spent whether the manifest was kept, too large or broken part-way: the work was done either way.
            budget -= produced;
        }
    }
}
