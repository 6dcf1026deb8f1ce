using System.Diagnostics;
using Provenance.Core;
using Provenance.Core.C2pa;
using Provenance.Core.Cose;
using Provenance.Core.Credentials;
using Provenance.Core.Diagnostics;
using Provenance.Core.Imaging;
using Provenance.Core.Signing;
using Provenance.Core.Watermark;
using Provenance.Testing;

namespace Provenance.Benchmarks.Pipeline;

/// <summary>
/// Where a Sign's time goes: signs the benchmark's 1024 x 1024 JPEG (a busy photo's crop, which is not shaped, and
/// PNG, WebP) many times with a listener on
/// <see cref="PipelineStages"/> and prints each stage's median time per call next to the median of the whole call and of
/// the format's decode+encode, all in the same process, so the shares can be read as ratios. Time outside every stage
/// (the JPEG shaper's transforms, the XMP write, copies) is the "other" row. BenchmarkDotNet cannot see inside a call;
/// this can, at the price of a listener's few microseconds per span. Run with DOTNET_TieredCompilation=0:
///   DOTNET_TieredCompilation=0 dotnet run -c Release --project tests/Provenance.Benchmarks -- sign-stages [rounds]
/// </summary>
internal static class SignStages
{
    public static void Run(int rounds)
    {
        using var credential = ExampleKeys.Credential();
        var watermarker = new Watermarker(ExampleKeys.WatermarkOptions());
        var signer = new ContentSigner(credential, watermarker, MediaLimits.Default);
        var input = ExampleKeys.Input;

        var jpeg = BenchmarkPhotos.Jpeg1024();
        var (png, webp) = BenchmarkPhotos.AsPngAndWebP(jpeg);

        // Per stage, per call: the stage's total time in that call (the JPEG path may encode twice).
        var spans = new Dictionary<string, double[]>();
        int call = -1;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineStages.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    if (call < 0)
                    {
                        return;
                    }
                    if (!spans.TryGetValue(activity.OperationName, out var perCall))
                    {
                        spans[activity.OperationName] = perCall = new double[rounds];
                    }
                    perCall[call] += activity.Duration.TotalMilliseconds;
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var busy = BenchmarkPhotos.Jpeg1024("Blinds.jpg");
        foreach (var (name, media) in new[] { ("JPEG", jpeg), ("JPEG Blinds.jpg (not shaped)", busy), ("PNG", png), ("WebP", webp) })
        {
            double roundTrip = Median(rounds, () =>
            {
                using var decoded = ImageCodec.Decode(media);
                ImageCodec.Encode(decoded.Frame, decoded.Info.SourceSettings);
            });
            spans.Clear();
            double sign = Median(rounds, () => signer.Sign(media, input), i => call = i);
            call = -1;
            Console.WriteLine($"## {name} 1024 x 1024 ({media.Length} bytes): decode+encode {roundTrip:F2} ms, Sign {sign:F2} ms = {sign / roundTrip:F2}x");
            Console.WriteLine("| stage | ms per call (median) | share of Sign |");
            Console.WriteLine("|---|---:|---:|");
            double staged = 0;
            foreach (var (stage, perCall) in spans.OrderByDescending(kv => kv.Value.Sum()))
            {
                var sorted = perCall.Order().ToArray();
                double median = sorted[rounds / 2];
                staged += median;
                Console.WriteLine($"| {stage} | {median:F2} | {median / sign:P0} |");
            }
            Console.WriteLine($"| other (outside every stage) | {sign - staged:F2} | {(sign - staged) / sign:P0} |");
            Console.WriteLine();
        }
    }

    private static double Median(int rounds, Action action, Action<int>? starting = null)
    {
        for (int i = 0; i < 3; i++)
        {
            action();
        }
        var times = new double[rounds];
        for (int i = 0; i < rounds; i++)
        {
            starting?.Invoke(i);
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[rounds / 2];
    }
}

/// <summary>
/// Times the JPEG mark shaper's steps on their own (the part of a Sign outside every stage) next to an encode from the
/// planes and the embed, on the benchmark's picture:
///   DOTNET_TieredCompilation=0 dotnet run -c Release --project tests/Provenance.Benchmarks -- shaper-steps
/// </summary>
internal static class ShaperSteps
{
    public static void Run(int rounds)
    {
        var jpeg = BenchmarkPhotos.Jpeg1024();
        var watermarker = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" });
        using var planes = Provenance.Core.Imaging.Jpeg.JpegCodec.TryDecodeYuv(jpeg, MediaLimits.Default)!;
        var table = Provenance.Core.Imaging.Jpeg.JpegQualityEstimator.LuminanceTable(planes.Info.SourceSettings.Quality);
        var pristine = planes.Image.Plane(0).ToArray();
        using var shaper = Provenance.Core.Imaging.Jpeg.JpegMarkShaper.Capture(planes.Image);
        watermarker.Embed(planes.Image, 42);
        var marked = planes.Image.Plane(0).ToArray();
        void Restore() => marked.CopyTo(planes.Image.Plane(0));
        Time("restore copy", rounds, Restore);
        Time("capture", rounds, () => { using var s = Provenance.Core.Imaging.Jpeg.JpegMarkShaper.Capture(planes.Image); });
        Time("predict", rounds, () => { Restore(); shaper.PredictAddedBytes(table); });
        Time("shape", rounds, () => { Restore(); shaper.Shape(table, null); });
        Time("shape (scalar)", rounds, () => { Restore(); shaper.Shape(table, null, useVectors: false); });
        // Sign's sequence on this picture: the coarse estimate decides, and the shaping takes the blocks it transformed.
        Time("coarse predict + shape", rounds, () =>
        {
            Restore();
            using var predicted = new Provenance.Core.Imaging.Jpeg.JpegPredictedBlocks(planes.Image.Width / 8, planes.Image.Height / 8, (planes.Image.Height / 8 + 1) / 2);
            shaper.PredictAddedBytes(table, Provenance.Core.Imaging.Jpeg.JpegMarkShaper.QuickSampleStep, predicted);
            shaper.Shape(table, null, predicted: predicted);
        });
        Time("fine predict + shape", rounds, () =>
        {
            Restore();
            using var predicted = new Provenance.Core.Imaging.Jpeg.JpegPredictedBlocks(planes.Image.Width / 8, planes.Image.Height / 8, (planes.Image.Height / 8 + 1) / 2);
            shaper.PredictAddedBytes(table, Provenance.Core.Imaging.Jpeg.JpegMarkShaper.SampleStep, predicted);
            shaper.Shape(table, null, predicted: predicted);
        });
        Time("fine predict + shape, nothing kept", rounds, () =>
        {
            Restore();
            shaper.PredictAddedBytes(table);
            shaper.Shape(table, null);
        });
        Time("encode", rounds, () => Provenance.Core.Imaging.Jpeg.JpegCodec.EncodeYuv(planes.Image, planes.Info.SourceSettings, null));
        Time("embed", rounds, () => watermarker.Embed(planes.Image, 42));
        var block = new double[64];
        var scratch = new double[64];
        Time("psnr", rounds, () => shaper.Psnr());
        // For comparison only (not what the shaper runs): the same matrix transform in floats, one 8-wide vector per row,
        // with fused multiply-adds; what a float shaper's transforms would cost.
        var basis = new float[64];
        for (int u = 0; u < 8; u++)
        {
            for (int x = 0; x < 8; x++)
            {
                basis[x * 8 + u] = (float)((u == 0 ? Math.Sqrt(0.125) : 0.5) * Math.Cos((2 * x + 1) * u * Math.PI / 16));
            }
        }
        var floatBlock = new float[64];
        var floatScratch = new float[64];
        Time("16384 forward DCTs, float + FMA", rounds, () =>
        {
            var rows = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Runtime.Intrinsics.Vector256<float>>(basis);
            var b = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Runtime.Intrinsics.Vector256<float>>(floatBlock.AsSpan());
            var t = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Runtime.Intrinsics.Vector256<float>>(floatScratch.AsSpan());
            for (int n = 0; n < 16384; n++)
            {
                floatBlock[n & 63] = n;
                for (int r = 0; r < 8; r++)
                {
                    var sum = System.Runtime.Intrinsics.Vector256<float>.Zero;
                    for (int i = 0; i < 8; i++)
                    {
                        sum = System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(System.Runtime.Intrinsics.Vector256.Create(floatBlock[r * 8 + i]), rows[i], sum);
                    }
                    t[r] = sum;
                }
                for (int k = 0; k < 8; k++)
                {
                    var sum = System.Runtime.Intrinsics.Vector256<float>.Zero;
                    for (int r = 0; r < 8; r++)
                    {
                        sum = System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(System.Runtime.Intrinsics.Vector256.Create(basis[r * 8 + k]), t[r], sum);
                    }
                    b[k] = sum;
                }
            }
        });
        Time("16384 forward DCTs", rounds, () =>
        {
            for (int b = 0; b < 16384; b++)
            {
                block[b & 63] = b;
                Provenance.Core.Imaging.Jpeg.JpegBlockDct.Forward(block, scratch);
            }
        });
    }

    private static void Time(string name, int rounds, Action action)
    {
        for (int i = 0; i < 3; i++)
        {
            action();
        }
        // Thread CPU time, as sign-cpu: on a loaded machine wall time says more about the other jobs than about this.
        // The kernel counts it in scheduler ticks (4 ms here), so the mean over all the rounds, not a median of one each.
        double start = SignCpuTimes.ThreadCpuMilliseconds();
        for (int i = 0; i < rounds; i++)
        {
            action();
        }
        Console.WriteLine($"{name}: {(SignCpuTimes.ThreadCpuMilliseconds() - start) / rounds:F2} ms (thread CPU, mean of {rounds})");
    }
}
