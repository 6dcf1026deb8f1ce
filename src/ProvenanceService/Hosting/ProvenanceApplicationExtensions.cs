using Microsoft.Extensions.Options;
using Provenance.Core.Cose;
using Provenance.Core;
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
using ProvenanceService.Options;
using ProvenanceService.Storage;

namespace ProvenanceService.Hosting;

/// <summary>
/// Registers the provenance application: options (validated at start), the key set, the store, the Sign and
/// Verify pipelines and the services the RPC handlers call.
/// </summary>
internal static class ProvenanceApplicationExtensions
{
    public static IServiceCollection AddProvenanceApplication(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WatermarkSettings>().BindConfiguration(WatermarkSettings.Section).ValidateDataAnnotations()
            .Validate(w => w.MinPsnrDb <= w.TargetPsnrDb && w.TargetPsnrDb <= w.MaxPsnrDb, "Watermark PSNR must satisfy MinPsnrDb <= TargetPsnrDb <= MaxPsnrDb.")
            .ValidateOnStart();
        services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyOptions>, KeyOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LimitsOptions>>().Value.ToMediaLimits());
        services.AddSingleton(sp => ManifestStores.Open(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
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
        services.AddSingleton(sp =>
        {
            var keys = sp.GetRequiredService<IOptions<KeyOptions>>().Value;
            var settings = sp.GetRequiredService<IOptions<WatermarkSettings>>().Value;
            return new Watermarker(new WatermarkOptions
            {
                KeyHex = File.ReadAllText(keys.WatermarkKey).Trim(),
                TargetPsnrDb = settings.TargetPsnrDb,
                MinPsnrDb = settings.MinPsnrDb,
                MaxPsnrDb = settings.MaxPsnrDb,
            });
        });
        services.AddSingleton(sp => new C2paValidator(new C2paValidatorOptions
        {
            TrustAnchorsPem = File.ReadAllText(sp.GetRequiredService<IOptions<KeyOptions>>().Value.TrustAnchors),
            RevokedSignerThumbprints = sp.GetRequiredService<SignerRevocations>(),
            MediaLimits = sp.GetRequiredService<MediaLimits>(),
        }));
        services.AddSingleton(sp => new ContentSigner(
            sp.GetRequiredService<C2paSigningCredential>(), sp.GetRequiredService<Watermarker>(), sp.GetRequiredService<MediaLimits>()));
        services.AddSingleton(sp => new ContentVerifier(
            sp.GetRequiredService<C2paValidator>(), sp.GetRequiredService<Watermarker>(), sp.GetRequiredService<MediaLimits>(),
            sp.GetRequiredService<SignerRevocations>().ReasonFor));
        services.AddSingleton(sp => new LabelPropagator(sp.GetRequiredService<C2paSigningCredential>(), sp.GetRequiredService<C2paValidator>()));
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
