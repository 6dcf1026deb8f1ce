using Provenance.Core.Cose;
using System.Diagnostics;
using Provenance.Core;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Video;
using Provenance.Core.Watermark;
using Provenance.Benchmarks.Imaging;
using Provenance.Testing;

namespace Provenance.Benchmarks.Video;

/// <summary>
/// Video Sign and Verify against ffmpeg itself on the 1080p corpus clip, in the same process run, rounds
/// interleaved, medians compared (the clips take seconds, so BenchmarkDotNet's many iterations are not needed):
/// <list type="bullet">
/// <item>Sign (probe, decode pipe, per-frame watermark, encode pipe, C2PA BMFF manifest) against one ffmpeg
/// decoding and re-encoding the clip with the same encoder settings and the audio copied;</item>
/// <item>Verify (C2PA validation of the stream plus the sampled-frame watermark detection) against one ffmpeg
/// decoding every frame (<c>-f null</c>).</item>
/// </list>
/// Then, with <c>memory FILE</c>, the peak working set of this process while the container part of Sign
/// (SignStream) and Verify run on FILE (e.g. 1 GiB made by looping a clip; ffmpeg's own processes are not counted).
///   dotnet run -c Release --project tests/Provenance.Benchmarks -- video [rounds]
///   dotnet run -c Release --project tests/Provenance.Benchmarks -- video-memory FILE
/// </summary>
internal static class VideoTimings
{
    public static void Run(int rounds)
    {
        var clip = Path.Combine(RepositoryPaths.Shared, "corpus", "video", "garden-pan-1080p.mp4");
        var work = Directory.CreateTempSubdirectory("video-bench-").FullName;
        try
        {
            var watermarker = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" });
            using var credential = Credential();
            var signer = new VideoSigner(new C2paManifestSigner(credential), watermarker, MediaLimits.Default);
            var detector = new VideoWatermarkDetector(watermarker);
            var validator = new C2paValidator(new C2paValidatorOptions
            {
                TrustAnchorsPem = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, "trust-anchors.pem")),
            });
            var info = VideoProbe.Probe(clip, MediaLimits.Default);
            var rate = info.BitRate!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var signed = Path.Combine(work, "signed.mp4");
            var baselineOut = Path.Combine(work, "baseline.mp4");
            var sign = new List<double>();
            var transcode = new List<double>();
            var verify = new List<double>();
            var decode = new List<double>();
            for (var round = 0; round <= rounds; round++)
            {
                var s = Time(() => signer.Sign(clip, signed, Request()));
                var t = Time(() => ToolRunner.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", clip, "-map", "0:v:0", "-map", "0:a?",
                    "-c:a", "copy", "-c:v", "libx264", "-b:v", rate, "-bufsize", rate, "-x264-params", "ratetol=0.5", "-pix_fmt", "yuv420p", baselineOut));
                var v = Time(() =>
                {
                    using var stream = File.OpenRead(signed);
                    var result = validator.Validate(stream);
                    var detection = detector.Detect(signed, MediaLimits.Default);
                    if (result.State != ValidationState.Trusted || !detection.Detection.Detected)
                    {
                        throw new InvalidOperationException($"the signed clip did not verify: {result.State}, detected {detection.Detection.Detected}");
                    }
                });
                var d = Time(() => ToolRunner.Run("ffmpeg", "-nostdin", "-v", "error", "-i", signed, "-f", "null", "-"));
                if (round == 0)
                {
                    continue; // warm-up
                }
                sign.Add(s);
                transcode.Add(t);
                verify.Add(v);
                decode.Add(d);
                Console.WriteLine($"round {round}: sign {s:0.00} s, ffmpeg transcode {t:0.00} s, verify {v:0.00} s, ffmpeg decode {d:0.00} s");
            }
            Console.WriteLine($"{Path.GetFileName(clip)} {info.Width}x{info.Height} {info.DurationSeconds:0.0} s, {rounds} rounds, medians:");
            Console.WriteLine($"| Sign | {Median(sign):0.00} s | ffmpeg decode+encode | {Median(transcode):0.00} s | ratio {Median(sign) / Median(transcode):0.00} |");
            Console.WriteLine($"| Verify | {Median(verify):0.00} s | ffmpeg full decode | {Median(decode):0.00} s | ratio {Median(verify) / Median(decode):0.00} |");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    public static void Memory(string file)
    {
        using var credential = Credential();
        var signer = new C2paManifestSigner(credential);
        var output = file + ".signed.tmp";
        try
        {
            var before = Process.GetCurrentProcess().PeakWorkingSet64;
            var signSeconds = Time(() =>
            {
                using var input = File.OpenRead(file);
                using var target = File.Create(output);
                signer.SignStream(input, target, Request(), MediaLimits.Default);
            });
            var afterSign = Peak();
            var validator = new C2paValidator(new C2paValidatorOptions
            {
                TrustAnchorsPem = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, "trust-anchors.pem")),
            });
            C2paValidationResult? result = null;
            var verifySeconds = Time(() =>
            {
                using var stream = File.OpenRead(output);
                result = validator.Validate(stream);
            });
            Console.WriteLine($"{new FileInfo(file).Length / (1024.0 * 1024):0} MiB: peak working set before {before / (1024.0 * 1024):0} MiB, "
                + $"after SignStream ({signSeconds:0.0} s) {afterSign / (1024.0 * 1024):0} MiB, after Validate ({verifySeconds:0.0} s, {result!.State}) {Peak() / (1024.0 * 1024):0} MiB");
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static long Peak()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static C2paSigningCredential Credential() => C2paSigningCredential.FromPemFiles(
        Path.Combine(RepositoryPaths.KeysExample, "signer-chain.pem"), Path.Combine(RepositoryPaths.KeysExample, "signer-key.pem"));

    private static C2paSigningRequest Request() => new()
    {
        Generator = new ContentGenerator("Benchmark Generator", "Example AI Labs", "EXAMPLE-001"),
        ModelName = "example-video-model",
        WatermarkId = 0x0123_4567_89AB_CDEF,
        AigcLabelJson = """{"AIGC":{"Label":"1","ContentProducer":"EXAMPLE-001","ProduceID":"bench","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""}}""",
    };

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
