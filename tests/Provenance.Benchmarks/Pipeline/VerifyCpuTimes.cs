using Provenance.Core;
using Provenance.Core.Imaging;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;

namespace Provenance.Benchmarks.Pipeline;

/// <summary>
/// SignVerifyBenchmarks's stripped-upload Verify rows (issue 16: at most 1.5x the decode) in the calling thread's CPU
/// time, for the reason <see cref="SignCpuTimes"/> gives: on a machine loaded several times over, wall-clock ratios
/// swing by 0.3-0.5 between runs of the same code. Each format's stripped upload (<see cref="StrippedUploads"/>) is
/// decoded by ImageCodec (the baseline) and verified with detection, the calls of a round interleaved; each figure
/// is the median over rounds of the mean per call. Run with DOTNET_TieredCompilation=0:
///   DOTNET_TieredCompilation=0 dotnet run -c Release --project tests/Provenance.Benchmarks -- verify-cpu [rounds]
/// </summary>
internal static class VerifyCpuTimes
{
    public static void Run(int rounds)
    {
        using var credential = ExampleKeys.Credential();
        var watermarker = new Watermarker(ExampleKeys.WatermarkOptions());
        var signer = new ContentSigner(credential, watermarker, MediaLimits.Default);
        var verifier = new ContentVerifier(ExampleKeys.Validator(), watermarker, MediaLimits.Default);
        var input = ExampleKeys.Input;

        var jpeg = BenchmarkPhotos.Jpeg1024();
        var (png, webp) = BenchmarkPhotos.AsPngAndWebP(jpeg);
        Console.WriteLine("| stripped upload | decode (CPU ms) | Verify (CPU ms) | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, original, calls) in new[] { ("JPEG q85", jpeg, 20), ("PNG", png, 3), ("WebP q85", webp, 10) })
        {
            var stripped = StrippedUploads.Strip(signer.Sign(original, input).Bytes);
            var outcome = verifier.VerifyAsync(stripped, null, false, null, default).GetAwaiter().GetResult();
            if (outcome.WatermarkId is null)
            {
                throw new InvalidOperationException($"the stripped {name} upload's watermark was not found");
            }
            void Decode()
            {
                using var decoded = ImageCodec.Decode(stripped);
            }
            void Verify() => verifier.VerifyAsync(stripped, null, false, null, default).GetAwaiter().GetResult();
            Action[] methods = [Decode, Verify];
            var samples = new double[methods.Length][];
            for (int m = 0; m < methods.Length; m++)
            {
                samples[m] = new double[rounds];
                methods[m]();
                methods[m]();
            }
            for (int r = 0; r < rounds; r++)
            {
                for (int m = 0; m < methods.Length; m++)
                {
                    double start = SignCpuTimes.ThreadCpuMilliseconds();
                    for (int c = 0; c < calls; c++)
                    {
                        methods[m]();
                    }
                    samples[m][r] = (SignCpuTimes.ThreadCpuMilliseconds() - start) / calls;
                }
            }
            var medians = samples.Select(s => s.Order().ElementAt(rounds / 2)).ToArray();
            Console.WriteLine($"| {name} 1024 x 1024 | {medians[0]:F2} | {medians[1]:F2} | {medians[1] / medians[0]:F2} |");
        }
    }
}
