using Provenance.Core.Credentials;
using Provenance.Core.Watermark;

namespace Provenance.Testing.Service;

/// <summary>The API keys and watermark key of the committed example key set, which the service runs on by default.</summary>
internal static class ExampleKeys
{
    public static string GeneratorKey { get; } = Read(KeyDirectory.GeneratorApiKeyFile);

    public static string PlatformKey { get; } = Read(KeyDirectory.PlatformApiKeyFile);

    public static string AuditorKey { get; } = Read(KeyDirectory.AuditorApiKeyFile);

    public static string GeneratorName { get; } = Registry().Generators.Single().Name;

    /// <summary>The generator's producer code, which Sign writes as the AIGC label's ContentProducer.</summary>
    public static string GeneratorContentProducer { get; } = Registry().Generators.Single().ContentProducer;

    public static string PlatformName { get; } = Registry().Platforms.Single().Name;

    private static readonly Lazy<Watermarker> ExampleWatermarker =
        new(() => new Watermarker(new WatermarkOptions { KeyHex = Read(KeyDirectory.WatermarkKeyFile) }));

    /// <summary>The watermark with the example key, as a forger who obtained the key would use it.</summary>
    public static Watermarker Watermarker => ExampleWatermarker.Value;

    private static ClientRegistryDocument Registry() => ClientRegistryDocument.Parse(Read(KeyDirectory.ApiKeysFile));

    private static string Read(string file) => File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, file)).Trim();
}
