using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provenance.Core.Credentials;

/// <summary>
/// The file (api-keys.json) that maps API-key hashes to client identities: generator apps, which may Sign;
/// platforms, whose identity goes into their verification reports; auditors, who may list reports. It never
/// holds a key, only its SHA-256.
/// </summary>
public sealed record ClientRegistryDocument
{
    public IReadOnlyList<GeneratorEntry> Generators { get; init; } = [];

    public IReadOnlyList<PlatformEntry> Platforms { get; init; } = [];

    public IReadOnlyList<AuditorEntry> Auditors { get; init; } = [];

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Parses the file; a malformed file is a configuration error with the parser's message.</summary>
    public static ClientRegistryDocument Parse(string json) =>
        JsonSerializer.Deserialize<ClientRegistryDocument>(json, JsonOptions)
        ?? throw new JsonException("The API key file is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";
}

/// <summary>A generator app: who signs, as written into manifests and the AIGC label.</summary>
public sealed record GeneratorEntry
{
    /// <summary>The app's name, e.g. "Example Image Generator".</summary>
    public required string Name { get; init; }

    public required string Organisation { get; init; }

    /// <summary>The provider's name or code for the AIGC label's ContentProducer field (GB 45438-2025).</summary>
    public required string ContentProducer { get; init; }

    /// <summary>Lower-case hex SHA-256 of the API key.</summary>
    public required string KeySha256 { get; init; }

    /// <summary>Set when the key was revoked: it can no longer Sign, and files it signed verify as untrusted.</summary>
    public Revocation? Revoked { get; init; }
}

/// <summary>A platform that calls Verify with a key of its own.</summary>
public sealed record PlatformEntry
{
    public required string Name { get; init; }

    public required string Organisation { get; init; }

    /// <summary>The platform's name or code for the AIGC label's ContentPropagator field.</summary>
    public required string ContentPropagator { get; init; }

    public required string KeySha256 { get; init; }

    public Revocation? Revoked { get; init; }
}

/// <summary>An auditor, who may list verification reports.</summary>
public sealed record AuditorEntry
{
    public required string Name { get; init; }

    public required string Organisation { get; init; }

    public required string KeySha256 { get; init; }

    public Revocation? Revoked { get; init; }
}

public sealed record Revocation(DateTimeOffset At, string Reason);
