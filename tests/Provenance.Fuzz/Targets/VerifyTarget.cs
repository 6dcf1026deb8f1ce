using Provenance.Core.C2pa.Validation;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;

namespace Provenance.Fuzz.Targets;

/// <summary>The whole Verify pipeline over an upload: container, manifest validation, decode, detection, verdict.</summary>
internal static class VerifyTarget
{
    private static readonly Lazy<ContentVerifier> Verifier = new(() => new ContentVerifier(
        new C2paValidator(new C2paValidatorOptions { TrustAnchorsPem = FuzzKeys.TrustAnchorsPem, MediaLimits = FuzzLimits.Media }),
        new Watermarker(new WatermarkOptions { KeyHex = FuzzKeys.WatermarkKeyHex }),
        FuzzLimits.Media));

    public static void Verify(byte[] data) => Refusal.AllowMedia(() =>
    {
        var outcome = Verifier.Value.VerifyAsync(data, null, false, null, CancellationToken.None).GetAwaiter().GetResult();
        Refusal.ThrowIfValidationStopped(outcome.Embedded);
        _ = outcome.Embedded.ToJson();
    });
}
