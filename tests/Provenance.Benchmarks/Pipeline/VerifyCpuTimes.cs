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
/// is the median over rounds of the mean per call. A second table does the same for unmarked uploads of several
/// sizes (the presence gate judges only the largest). Run with DOTNET_TieredCompilation=0:
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
            var (decode, verify) = Measure(verifier, stripped, calls, calls, rounds);
            Console.WriteLine($"| {name} 1024 x 1024 | {decode:F2} | {verify:F2} | {verify / decode:F2} |");
        }

        // Unmarked uploads, the common case on a platform: from 1024 px on the shorter side the presence gate answers
        // after the first rung; under it every hypothesis is searched (docs/watermark.md, "Presence gate").
        Console.WriteLine();
        Console.WriteLine("| unmarked upload (JPEG q90, Garden.jpg crop) | decode (CPU ms) | Verify (CPU ms) | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (width, height, verifyCalls) in new[] { (1024, 1024, 20), (1024, 768, 1), (800, 600, 1), (512, 512, 1) })
        {
            var unmarked = BenchmarkPhotos.JpegCrop(width, height);
            // A searched upload costs a few hundred decodes: fewer calls and rounds, or the table takes minutes.
            var (decode, verify) = Measure(verifier, unmarked, 20, verifyCalls, verifyCalls == 1 ? Math.Min(rounds, 5) : rounds);
            Console.WriteLine($"| {width} x {height} | {decode:F2} | {verify:F2} | {verify / decode:F2} |");
        }
    }

    /// <summary>Median over rounds of the mean thread CPU time per call of a decode and of a Verify, interleaved.</summary>
    private static (double Decode, double Verify) Measure(ContentVerifier verifier, byte[] upload, int decodeCalls, int verifyCalls, int rounds)
    {
        void Decode()
        {
            using var decoded = ImageCodec.Decode(upload);
        }
        void Verify() => verifier.VerifyAsync(upload, null, false, null, default).GetAwaiter().GetResult();
        var medians = SignCpuTimes.InterleavedMedians([Decode, Verify], [decodeCalls, verifyCalls], rounds);
        return (medians[0], medians[1]);
    }
}
