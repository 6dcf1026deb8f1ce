using Provenance.Core.Credentials;
using Provenance.Testing;

namespace ProvenanceService.Tests.Hosting;

/// <summary>The API keys of the committed example key set, which the service runs on by default.</summary>
internal static class ExampleKeys
{
    public static string GeneratorKey { get; } = Read(KeyDirectory.GeneratorApiKeyFile);

    public static string PlatformKey { get; } = Read(KeyDirectory.PlatformApiKeyFile);

    public static string AuditorKey { get; } = Read(KeyDirectory.AuditorApiKeyFile);

    private static string Read(string file) => File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, file)).Trim();
}
