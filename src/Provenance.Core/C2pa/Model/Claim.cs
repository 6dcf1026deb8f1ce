using System.Diagnostics.CodeAnalysis;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cbor;
using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa.Model;

/// <summary>
/// A claim (<c>c2pa.claim.v2</c>, or the older <c>c2pa.claim</c>) read from its claim box. Parsing checks CBOR
/// well-formedness (<c>claim.cbor.invalid</c>) and the required fields (<c>claim.malformed</c>).
/// </summary>
internal sealed class Claim
{
    private Claim(int version, ReadOnlyMemory<byte> bytes, CborNode node)
    {
        Version = version;
        Bytes = bytes;
        Node = node;
    }

    /// <summary>1 for <c>c2pa.claim</c>, 2 for <c>c2pa.claim.v2</c>.</summary>
    public int Version { get; }

    /// <summary>The claim's CBOR exactly as stored: what the signature covers.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    public CborNode Node { get; }

    public string? InstanceId { get; private init; }

    public string? Title { get; private init; }

    public string? Format { get; private init; }

    /// <summary>The claim-level hash algorithm identifier, used where a hashed URI names none.</summary>
    public string? Algorithm { get; private init; }

    public string SignatureUrl { get; private init; } = string.Empty;

    /// <summary>v2 <c>created_assertions</c>, or every assertion of a v1 claim.</summary>
    public IReadOnlyList<HashedUri> CreatedAssertions { get; private init; } = [];

    public IReadOnlyList<HashedUri> GatheredAssertions { get; private init; } = [];

    public IEnumerable<HashedUri> AllAssertions => CreatedAssertions.Concat(GatheredAssertions);

    public IReadOnlyList<string> RedactedAssertions { get; private init; } = [];

    /// <summary>The claim generator as "name/version" entries (v2 map, v1 array), else the v1 string.</summary>
    public IReadOnlyList<(string Name, string? Version)> GeneratorInfo { get; private init; } = [];

    /// <summary>The v1 <c>claim_generator</c> string.</summary>
    public string? ClaimGenerator { get; private init; }

    /// <summary>Reads the claim from its superbox; throws <see cref="ManifestException"/> with the spec's code.</summary>
    public static Claim Parse(JumbfBox claimBox)
    {
        var version = claimBox.Label switch
        {
            C2paLabels.ClaimV2 => 2,
            C2paLabels.ClaimV1 => 1,
            var other => throw new ManifestException(StatusCodes.ClaimMalformed, $"the claim box is labelled '{other}'"),
        };
        var content = claimBox.Children.Where(c => c.Type == BoxType.Cbor).ToList();
        if (content.Count != 1)
        {
            throw new ManifestException(StatusCodes.ClaimMalformed, $"the claim box holds {content.Count} CBOR content boxes");
        }
        var bytes = content[0].Payload;
        CborNode node;
        try
        {
            node = CborTreeReader.Read(bytes);
        }
        catch (CborFormatException e)
        {
            throw new ManifestException(StatusCodes.ClaimCborInvalid, e.Message);
        }
        if (!node.IsMap)
        {
            throw new ManifestException(StatusCodes.ClaimMalformed, "the claim is not a CBOR map");
        }
        return version == 2 ? ParseV2(bytes, node) : ParseV1(bytes, node);
    }

    private static Claim ParseV2(ReadOnlyMemory<byte> bytes, CborNode node)
    {
        var instanceId = Require(node, "instanceID");
        var signature = Require(node, "signature");
        if (node["claim_generator_info"] is not { IsMap: true } info || info.GetText("name") is not { } name)
        {
            throw new ManifestException(StatusCodes.ClaimMalformed, "claim_generator_info is missing or has no name");
        }
        // The CDDL asks for at least one created assertion, but c2pa-rs writes update manifests with every assertion
        // gathered and an empty created_assertions, and reads such claims: an empty list is accepted as it does.
        if (!TryReadHashedUris(node, "created_assertions", out var created))
        {
            throw new ManifestException(StatusCodes.ClaimMalformed, "created_assertions is missing or malformed");
        }
        var gathered = new List<HashedUri>();
        if (node["gathered_assertions"] is not null && !TryReadHashedUris(node, "gathered_assertions", out gathered))
        {
            throw new ManifestException(StatusCodes.ClaimMalformed, "gathered_assertions is malformed");
        }
        return new Claim(2, bytes, node)
        {
            InstanceId = instanceId,
            SignatureUrl = signature,
            Title = node.GetText("dc:title"),
            Format = node.GetText("dc:format"),
            Algorithm = node.GetText("alg"),
            CreatedAssertions = created,
            GatheredAssertions = gathered,
            RedactedAssertions = ReadRedacted(node),
            GeneratorInfo = [(name, info.GetText("version"))],
        };
    }

    private static Claim ParseV1(ReadOnlyMemory<byte> bytes, CborNode node)
    {
        var generator = Require(node, "claim_generator");
        var instanceId = Require(node, "instanceID");
        var signature = Require(node, "signature");
        if (!TryReadHashedUris(node, "assertions", out var assertions))
        {
            throw new ManifestException(StatusCodes.ClaimMalformed, "assertions is missing or malformed");
        }
        var info = new List<(string, string?)>();
        if (node.TryGetArray("claim_generator_info", out var entries))
        {
            foreach (var entry in entries)
            {
                if (entry.GetText("name") is { } name)
                {
                    info.Add((name, entry.GetText("version")));
                }
            }
        }
        return new Claim(1, bytes, node)
        {
            InstanceId = instanceId,
            SignatureUrl = signature,
            Title = node.GetText("dc:title"),
            Format = node.GetText("dc:format"),
            Algorithm = node.GetText("alg"),
            CreatedAssertions = assertions,
            RedactedAssertions = ReadRedacted(node),
            GeneratorInfo = info,
            ClaimGenerator = generator,
        };
    }

    private static string Require(CborNode node, string field) =>
        node.GetText(field) ?? throw new ManifestException(StatusCodes.ClaimMalformed, $"the claim has no text field '{field}'");

    private static bool TryReadHashedUris(CborNode node, string field, [NotNullWhen(true)] out List<HashedUri>? uris)
    {
        uris = null;
        if (!node.TryGetArray(field, out var items))
        {
            return false;
        }
        var list = new List<HashedUri>();
        foreach (var item in items)
        {
            if (HashedUri.From(item) is not { } uri)
            {
                return false;
            }
            list.Add(uri);
        }
        uris = list;
        return true;
    }

    private static IReadOnlyList<string> ReadRedacted(CborNode node)
    {
        if (!node.TryGetArray("redacted_assertions", out var items))
        {
            return [];
        }
        // v1 lists URI strings, v2 lists hashed URIs.
        return items.Select(i => i.Kind == CborKind.TextString ? i.Text : HashedUri.From(i)?.Url).OfType<string>().ToList();
    }
}
