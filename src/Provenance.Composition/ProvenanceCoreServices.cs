using Microsoft.Extensions.DependencyInjection;
using Provenance.Core;
using Provenance.Core.Audio;
using Provenance.Core.C2pa;
using Provenance.Core.Cose;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;

namespace Provenance.Composition;

/// <summary>
/// Registers the Sign and Verify pipelines of Provenance.Core: the watermarker, the C2PA validator, the content
/// verifier and, for hosts that also register a <see cref="C2paSigningCredential"/>, the content signer and the
/// label propagator. The service and the CLI both build their pipelines here.
/// </summary>
public static class ProvenanceCoreServices
{
    public static IServiceCollection AddProvenanceCore(this IServiceCollection services, Func<IServiceProvider, CoreSetup> setup)
    {
        services.AddSingleton(setup);
        services.AddSingleton(sp => sp.GetRequiredService<CoreSetup>().Limits);
        services.AddSingleton(sp => new Watermarker(sp.GetRequiredService<CoreSetup>().Watermark));
        services.AddSingleton<IAudioWatermark>(sp =>
        {
            var core = sp.GetRequiredService<CoreSetup>();
            return AudioWatermarkScheme.FromWatermarkKey(core.Watermark.Key, core.Limits.MaxVideoSeconds);
        });
        services.AddSingleton(sp =>
        {
            var core = sp.GetRequiredService<CoreSetup>();
            return new C2paValidator(new C2paValidatorOptions
            {
                TrustAnchorsPem = core.TrustAnchorsPem,
                RevokedSignerThumbprints = core.RevokedSigners,
                MediaLimits = core.Limits,
            });
        });
        services.AddSingleton(sp => new ContentVerifier(sp.GetRequiredService<C2paValidator>(), sp.GetRequiredService<Watermarker>(),
            sp.GetRequiredService<MediaLimits>(), sp.GetRequiredService<CoreSetup>().RevocationReason, sp.GetRequiredService<IAudioWatermark>()));
        services.AddSingleton(sp => new ContentSigner(sp.GetRequiredService<C2paSigningCredential>(), sp.GetRequiredService<Watermarker>(),
            sp.GetRequiredService<MediaLimits>(), sp.GetRequiredService<IAudioWatermark>()));
        services.AddSingleton(sp => new LabelPropagator(sp.GetRequiredService<C2paSigningCredential>(), sp.GetRequiredService<C2paValidator>()));
        return services;
    }
}
