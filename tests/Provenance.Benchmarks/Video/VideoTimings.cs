using Provenance.Core.Cose;
using System.Diagnostics;
using Provenance.Core;
using Provenance.Core.Audio;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Video;
using Provenance.Core.Watermark;
using Provenance.Benchmarks.Imaging;
using static Provenance.Benchmarks.WallClock;
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
/// Then, with <c>video-memory FILE</c>, the peak resident memory of Sign (frame watermark, the audio track's mark as
/// the service configures it, manifest, fingerprint) and of Verify with detection on FILE (e.g. 1 GiB made by looping
/// a clip), of this process and with its ffmpeg processes (<see cref="ProcessTreeMemory"/>), and what each added to the
/// process as it was before (the figure the service's decode budget estimates, Provenance.Core/Admission/DecodeCost.cs).
///   dotnet run -c Release --project tests/Provenance.Benchmarks -- video [rounds] [verify-rounds]
///   dotnet run -c Release --project tests/Provenance.Benchmarks -- video-memory FILE
/// </summary>
internal static class VideoTimings
{
    private const string BenchKeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01";

    public static void Run(int rounds, int verifyRounds)
    {
        var clip = Path.Combine(RepositoryPaths.Shared, "corpus", "video", "garden-pan-1080p.mp4");
        using var temp = new TempFolder("video-bench-");
        var work = temp.Path;
        using var credential = Credential();
        var (signer, detector, validator) = Parts(credential);
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
        VerifyCases(clip, signed, work, validator, detector, verifyRounds);
    }

    /// <summary>
    /// Verify's cost depends on what is uploaded, so each case is timed against ffmpeg's full decode of the same file,
    /// rounds interleaved (these calls take under a second, so many rounds give steadier medians than Sign's):
    /// the signed clip as the service answers it (a bound manifest skips detection), the signed clip with detection
    /// (the CLI's offline check), the signed clip re-encoded at H.264 CRF 23 with its metadata gone (x264's default
    /// keyframe interval leaves one keyframe, so the detector decodes the whole 8 s clip), and the unsigned corpus
    /// clip (nothing to find: every fallback runs).
    /// </summary>
    private static void VerifyCases(string clip, string signed, string work, C2paValidator validator, VideoWatermarkDetector detector, int rounds)
    {
        var stripped = Path.Combine(work, "stripped.mp4");
        ToolRunner.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", signed, "-map_metadata", "-1", "-c:v", "libx264", "-crf", "23", "-c:a", "copy", stripped);
        var cases = new (string Name, string File, Func<string, bool> Verify)[]
        {
            ("signed, as the service answers it (manifest bound: no detection)", signed, file => Validate(validator, file) is { State: ValidationState.Trusted }),
            ("signed, with detection", signed, file => Validate(validator, file) is { State: ValidationState.Trusted } && detector.Detect(file, MediaLimits.Default).Detection.Detected),
            ("stripped and re-encoded (CRF 23, one keyframe)", stripped, file => !Validate(validator, file).HasManifest && detector.Detect(file, MediaLimits.Default).Detection.Detected),
            ("unsigned corpus clip (unmarked)", clip, file => !Validate(validator, file).HasManifest && !detector.Detect(file, MediaLimits.Default).Detection.Detected),
        };
        var verify = cases.Select(_ => new List<double>()).ToArray();
        var decode = cases.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round <= rounds; round++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var (name, file, check) = cases[c];
                var ok = true;
                var v = Time(() => ok = check(file));
                if (!ok)
                {
                    throw new InvalidOperationException($"{name}: Verify did not give the expected answer");
                }
                var d = Time(() => ToolRunner.Run("ffmpeg", "-nostdin", "-v", "error", "-i", file, "-f", "null", "-"));
                if (round > 0)
                {
                    verify[c].Add(v);
                    decode[c].Add(d);
                }
            }
        }
        Console.WriteLine($"Verify cases, {rounds} rounds interleaved, medians:");
        for (var c = 0; c < cases.Length; c++)
        {
            Console.WriteLine($"| Verify, {cases[c].Name} | {Median(verify[c]):0.000} s | ffmpeg full decode | {Median(decode[c]):0.000} s | ratio {Median(verify[c]) / Median(decode[c]):0.00} |");
        }
    }

    private static C2paValidationResult Validate(C2paValidator validator, string file)
    {
        using var stream = File.OpenRead(file);
        return validator.Validate(stream);
    }

    public static void Memory(string file)
    {
        using var credential = Credential();
        // The service's configuration: a clip's audio track is marked too (decoded whole, at its own rate).
        var (signer, detector, validator) = Parts(credential, AudioWatermarkScheme.FromWatermarkKey(Convert.FromHexString(BenchKeyHex), 600));
        var info = VideoProbe.Probe(file, MediaLimits.Default);
        Console.WriteLine($"{Path.GetFileName(file)}: {new FileInfo(file).Length / (1024.0 * 1024):0} MiB, {info.Width}x{info.Height}, {info.DurationSeconds:0} s, {info.Codec}");
        Console.WriteLine($"before: this process {Mib(Process.GetCurrentProcess().WorkingSet64)} MiB");
        var output = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, Path.GetFileNameWithoutExtension(file) + ".signed" + Path.GetExtension(file));
        try
        {
            // Verify of the file as it was, first, in a process that has run nothing yet (a call that follows another
            // reuses the heap the first one grew, and would look cheaper than it is): an unmarked clip is the costly
            // case, in which every fallback of the detector runs.
            Measure("Verify, the file as it was", () => Verify(validator, detector, file));
            // Sign as the service runs it once the upload is spooled: the audio track's mark, decode pipe, watermark,
            // encode pipe, manifest, then the clip fingerprint of the output.
            Measure("Sign", () =>
            {
                signer.Sign(file, output, Request());
                return $"fingerprint {ClipSampler.Fingerprint(output, VideoProbe.Probe(output, MediaLimits.Default)).ToBytes().Length} bytes";
            });
            // Verify of the signed file with detection (what a stripped upload costs; a bound manifest skips it).
            Measure("Verify, signed", () => Verify(validator, detector, output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string Verify(C2paValidator validator, VideoWatermarkDetector detector, string file)
    {
        using var stream = File.OpenRead(file);
        var state = validator.Validate(stream).State;
        var detected = detector.Detect(file, MediaLimits.Default).Detection.Detected;
        return $"{state}, mark detected {detected}";
    }

    /// <summary>
    /// Runs <paramref name="action"/> and prints its peak resident memory, with this process's resident set just
    /// before it (after a full collection): peak minus before is what the call added, the figure admission control's
    /// estimate (Provenance.Core/Admission/DecodeCost.cs) is calibrated on.
    /// </summary>
    internal static void Measure(string what, Func<object> action)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        var before = self.WorkingSet64;
        var memory = new ProcessTreeMemory();
        var watch = Stopwatch.StartNew();
        object result;
        try
        {
            result = action();
        }
        finally
        {
            memory.Dispose();
        }
        Console.WriteLine($"{what} ({watch.Elapsed.TotalSeconds:0.0} s, {result}): before {Mib(before)} MiB; peak resident this process {Mib(memory.PeakSelfBytes)} MiB, "
            + $"with its ffmpeg processes {Mib(memory.PeakTreeBytes)} MiB; added {Mib(memory.PeakTreeBytes - before)} MiB");
    }

    internal static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What both modes run: Sign, detection and validation with the bench key and the example trust anchors.</summary>
    private static (VideoSigner Signer, VideoWatermarkDetector Detector, C2paValidator Validator) Parts(C2paSigningCredential credential,
        IAudioWatermark? audio = null)
    {
        var watermarker = new Watermarker(new WatermarkOptions { KeyHex = BenchKeyHex });
        return (new VideoSigner(new C2paManifestSigner(credential), watermarker, MediaLimits.Default, audio), new VideoWatermarkDetector(watermarker),
            new C2paValidator(new C2paValidatorOptions
            {
                TrustAnchorsPem = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, "trust-anchors.pem")),
            }));
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
}
