using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Provenance.Composition;
using Provenance.Core;
using Provenance.Core.Cose;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Credentials;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;
using ProvenanceService.Application;
using ProvenanceService.Application.Revocations;
using ProvenanceService.Auth;
using ProvenanceService.Configuration;
using ProvenanceService.Observability;
using ProvenanceService.Options;
using ProvenanceService.Storage;

namespace ProvenanceService.Hosting;

/// <summary>
/// Registers the provenance application: options (validated at start), the key set, the store, the Sign and
/// Verify pipelines (through the composition root shared with the CLI, AddProvenanceCore) and the services the
/// RPC handlers call.
/// </summary>
internal static class ProvenanceApplicationExtensions
{
    public const string LimitsSection = "Limits";
    public const string WatermarkSection = "Watermark";

    public static IServiceCollection AddProvenanceApplication(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Core's own option types, bound as they are: their init checks and WatermarkOptions.Validate (run when the
        // watermarker is built at start) are the one set of rules; a bad value stops the start with exit code 2.
        services.AddOptions<MediaLimits>().BindConfiguration(LimitsSection);
        services.AddOptions<WatermarkOptions>().BindConfiguration(WatermarkSection);
        services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyOptions>, KeyOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        // Timed and its faults counted (Observability/MeasuredManifestStore.cs).
        services.AddMetrics();
        services.TryAddSingleton<ServiceMetrics>();
        services.AddSingleton<IManifestStore>(sp => new MeasuredManifestStore(
            ManifestStores.Open(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()),
            sp.GetRequiredService<ServiceMetrics>()));
        services.AddSingleton<SharedRevocations>();
        services.AddHostedService<RevocationSync>();
        services.AddSingleton(sp =>
        {
            var keys = sp.GetRequiredService<IOptions<KeyOptions>>().Value;
            var logger = sp.GetRequiredService<ILogger<ClientRegistry>>();
            return ClientRegistry.Load(keys.ApiKeys, keys.RequirePlatformKey,
                (path, e) => logger.LogError(e, "{Path} changed but could not be read; the previous version stays in force", path),
                sp.GetRequiredService<SharedRevocations>());
        });
        services.AddSingleton(sp =>
        {
            var keys = sp.GetRequiredService<IOptions<KeyOptions>>().Value;
            var logger = sp.GetRequiredService<ILogger<SignerRevocations>>();
            return new SignerRevocations(new ReloadingFile<RevocationDocument>(keys.Revocations, RevocationDocument.Parse, RevocationDocument.Empty,
                (path, e) => logger.LogError(e, "{Path} changed but could not be read; the previous version stays in force", path)),
                sp.GetRequiredService<SharedRevocations>());
        });
        services.AddSingleton(sp =>
        {
            var keys = sp.GetRequiredService<IOptions<KeyOptions>>().Value;
            return C2paSigningCredential.FromPemFiles(keys.SignerChain, keys.SignerKey);
        });
        services.AddProvenanceCore(sp =>
        {
            var keys = sp.GetRequiredService<IOptions<KeyOptions>>().Value;
            var revocations = sp.GetRequiredService<SignerRevocations>();
            return new CoreSetup(
                File.ReadAllText(keys.TrustAnchors),
                sp.GetRequiredService<IOptions<WatermarkOptions>>().Value with { KeyHex = File.ReadAllText(keys.WatermarkKey).Trim() },
                sp.GetRequiredService<IOptions<MediaLimits>>().Value,
                revocations,
                revocations.ReasonFor);
        });
        services.AddSingleton<IProvenanceRecords, StoreProvenanceRecords>();
        services.AddSingleton<SigningService>();
        services.AddSingleton<VerificationService>();
        services.AddSingleton<AuditService>();
        return services;
    }

    /// <summary>
    /// Builds every singleton that reads keys or opens the store, so that a bad key file or database fails the
    /// start with its own message instead of the first call; warns when the example key set is in use.
    /// </summary>
    public static void CheckProvenanceApplication(this IServiceProvider services, ILogger logger)
    {
        var keys = services.GetRequiredService<IOptions<KeyOptions>>().Value;
        _ = services.GetRequiredService<IManifestStore>();
        _ = services.GetRequiredService<SigningService>();
        _ = services.GetRequiredService<VerificationService>();
        _ = services.GetRequiredService<AuditService>();
        if (keys.IsExampleKeySet)
        {
            logger.LogWarning("Running on the EXAMPLE key set in {Directory}: its private keys are public. Never use it in production " +
                "(make your own with 'provenance keys init DIR' and set Keys:Directory).", keys.Directory);
        }
        logger.LogInformation("Store: {Store}", services.GetRequiredService<IOptions<StorageOptions>>().Value.Describe());
    }
}
