using System.Runtime.InteropServices;
using Provenance.Core;
using Provenance.Core.C2pa;
using Provenance.Core.Cose;
using Provenance.Core.Credentials;
using Provenance.Core.Imaging;
using Provenance.Core.Labeling.Explicit;
using Provenance.Core.Signing;
using Provenance.Core.Watermark;
using Provenance.Testing;

namespace Provenance.Benchmarks.Pipeline;

/// <summary>
/// SignVerifyBenchmarks's Sign rows measured in the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID, Linux) instead
/// of wall time: on a shared machine whose load is several times its cores, wall-clock ratios swing by 2-3x between
/// runs of the same code, while a single-threaded call's CPU time does not wait for the other jobs. The calls of a
/// round are interleaved (decode+encode, Sign, Sign with a label, per format), so the ratios compare like with like;
/// each figure is the median over rounds of the mean per call. Run with DOTNET_TieredCompilation=0:
///   DOTNET_TieredCompilation=0 dotnet run -c Release --project tests/Provenance.Benchmarks -- sign-cpu [rounds]
/// </summary>
internal static class SignCpuTimes
{
    public static void Run(int rounds)
    {
        using var credential = ExampleKeys.Credential();
        var watermarker = new Watermarker(ExampleKeys.WatermarkOptions());
        var signer = new ContentSigner(credential, watermarker, MediaLimits.Default);
        var input = ExampleKeys.Input;
        var labelled = input with { ExplicitLabel = new ExplicitLabel() };

        var jpeg = BenchmarkPhotos.Jpeg1024();
        // A busy photo whose mark grows the file a few per cent: never shaped, so its Sign shows the unshaped path.
        var busy = BenchmarkPhotos.Jpeg1024("Blinds.jpg");
        var (png, webp) = BenchmarkPhotos.AsPngAndWebP(jpeg);
        Console.WriteLine("| input | decode+encode (CPU ms) | Sign (CPU ms) | ratio | Sign, explicit label (CPU ms) | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, media, calls) in new[] { ("JPEG", jpeg, 10), ("JPEG Blinds.jpg (not shaped)", busy, 10), ("PNG", png, 2), ("WebP", webp, 3) })
        {
            void RoundTrip()
            {
                using var decoded = ImageCodec.Decode(media);
                ImageCodec.Encode(decoded.Frame, decoded.Info.SourceSettings);
            }
            var medians = InterleavedMedians([RoundTrip, () => signer.Sign(media, input), () => signer.Sign(media, labelled)], [calls, calls, calls], rounds);
            Console.WriteLine($"| {name} 1024 x 1024 | {medians[0]:F2} | {medians[1]:F2} | {medians[1] / medians[0]:F2} | {medians[2]:F2} | {medians[2] / medians[0]:F2} |");
        }
    }

    /// <summary>
    /// Each method's thread CPU time per call, the median over <paramref name="rounds"/> of the mean of
    /// <paramref name="calls"/> calls; every method runs twice first, and the methods take turns within a round.
    /// </summary>
    internal static double[] InterleavedMedians(Action[] methods, int[] calls, int rounds)
    {
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
                double start = ThreadCpuMilliseconds();
                for (int c = 0; c < calls[m]; c++)
                {
                    methods[m]();
                }
                samples[m][r] = (ThreadCpuMilliseconds() - start) / calls[m];
            }
        }
        return samples.Select(s => s.Order().ElementAt(rounds / 2)).ToArray();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out Timespec time);

    /// <summary>
    /// The calling thread's CPU time, ms (CLOCK_THREAD_CPUTIME_ID: nanoseconds; getrusage's thread times, used
    /// before, advance in scheduler ticks of 4 ms here, so a round of a few 2 ms calls came out in multiples of the tick).
    /// </summary>
    internal static double ThreadCpuMilliseconds()
    {
        const int ClockThreadCpuTime = 3;
        if (clock_gettime(ClockThreadCpuTime, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: " + Marshal.GetLastPInvokeError());
        }
        return time.Seconds * 1000.0 + time.Nanoseconds / 1e6;
    }
}
