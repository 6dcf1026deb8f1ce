using System.Diagnostics;
using Provenance.Core;
using Provenance.Core.Audio;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;
using Provenance.Benchmarks.Imaging;
using static Provenance.Benchmarks.WallClock;
using Provenance.Testing;

namespace Provenance.Benchmarks.Audio;

/// <summary>
/// Audio Sign and Verify against ffmpeg itself on 60 s of corpus music (love_theme.ogg, 44.1 kHz stereo) as MP3
/// 128 kbit/s, in one process run, rounds interleaved, medians compared:
/// <list type="bullet">
/// <item>Sign (decode, audio watermark, re-encode with the input's settings, read-back, fingerprint, label, manifest)
/// against one ffmpeg decoding and re-encoding the file with the same settings;</item>
/// <item>Verify of the signed file as the service answers it (bound manifest: no decode), of the signed file
/// re-encoded with its metadata gone (decode, detection, record, fingerprint), and of the unmarked file (the whole
/// search runs and finds nothing), each against one ffmpeg decoding that file (<c>-f null</c>).</item>
/// </list>
///   dotnet run -c Release --project tests/Provenance.Benchmarks -- audio [rounds]
/// </summary>
internal static class AudioTimings
{
    public static void Run(int rounds)
    {
        using var temp = new TempFolder("audio-bench-");
        var work = temp.Path;
        var input = Path.Combine(work, "music.mp3");
        ToolRunner.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", Path.Combine(RepositoryPaths.Shared, "corpus", "audio", "love_theme.ogg"),
            "-t", "60", "-map_metadata", "-1", "-c:a", "libmp3lame", "-b:a", "128k", input);
        using var credential = C2paSigningCredential.FromPemFiles(
            Path.Combine(RepositoryPaths.KeysExample, "signer-chain.pem"), Path.Combine(RepositoryPaths.KeysExample, "signer-key.pem"));
        var watermarker = new Watermarker(new WatermarkOptions { KeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01" });
        var scheme = AudioWatermarkScheme.FromWatermarkKey(Convert.FromHexString("5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01"), 600);
        var signer = new ContentSigner(credential, watermarker, MediaLimits.Default, scheme);
        var verifier = new ContentVerifier(new C2paValidator(new C2paValidatorOptions
        {
            TrustAnchorsPem = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, "trust-anchors.pem")),
        }), watermarker, MediaLimits.Default, null, scheme);
        var bytes = File.ReadAllBytes(input);
        var records = new BenchRecords();
        var transcoded = Path.Combine(work, "transcoded.mp3");
        var sign = new List<double>();
        var transcode = new List<double>();
        double signCpu = 0, transcodeCpu = 0;
        SignedContent? signed = null;
        using var stages = new StageClock();
        for (var round = 0; round <= rounds; round++)
        {
            stages.Count(round > 0 ? "Sign" : null);
            double cpu0 = ProcessTreeCpu.Seconds();
            var s = Time(() => signed = signer.Sign(bytes, new SignInput(
                new ContentGenerator("Benchmark Generator", "Example AI Labs", "EXAMPLE-001"), "example-voice", "1", null, WatermarkIds.NewId(), null)));
            double cpu1 = ProcessTreeCpu.Seconds();
            var t = Time(() => ToolRunner.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", input, "-c:a", "libmp3lame", "-b:a", "128k", transcoded));
            double cpu2 = ProcessTreeCpu.Seconds();
            if (!signed!.Watermarked)
            {
                throw new InvalidOperationException("the bench file was signed without a mark: " + signed.WatermarkOmittedReason);
            }
            if (round > 0)
            {
                sign.Add(s);
                transcode.Add(t);
                signCpu += cpu1 - cpu0;
                transcodeCpu += cpu2 - cpu1;
            }
        }
        Console.WriteLine($"60 s of love_theme.ogg as MP3 128k, {rounds} rounds, medians:");
        Console.WriteLine($"| Sign | {Median(sign):0.000} s | ffmpeg decode+encode | {Median(transcode):0.000} s | ratio {Median(sign) / Median(transcode):0.00} |");
        // CPU per call, this process and its ffmpeg children together (mean over the rounds).
        Console.WriteLine($"  CPU per call: Sign {signCpu / rounds:0.00} s, ffmpeg decode+encode {transcodeCpu / rounds:0.00} s");

        records.Add(signed!);
        var signedPath = Path.Combine(work, "signed.mp3");
        File.WriteAllBytes(signedPath, signed!.Bytes);
        var stripped = Path.Combine(work, "stripped.mp3");
        ToolRunner.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", signedPath, "-map_metadata", "-1", "-c:a", "libmp3lame", "-b:a", "128k", stripped);
        var cases = new (string Name, string File, Verdict Expected, bool Detect)[]
        {
            ("signed, as the service answers it (manifest bound: no decode)", signedPath, Verdict.Verified, false),
            ("stripped and re-encoded (MP3 128k, no metadata)", stripped, Verdict.Recovered, true),
            ("unsigned, unmarked", input, Verdict.Missing, true),
        };
        var verify = cases.Select(_ => new List<double>()).ToArray();
        var decode = cases.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round <= rounds; round++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var media = File.ReadAllBytes(cases[c].File);
                VerificationOutcome? outcome = null;
                stages.Count(round > 0 ? "Verify, " + cases[c].Name : null);
                var v = Time(() => outcome = verifier.VerifyAsync(media, null, false, records, CancellationToken.None, detectWhenBound: false).GetAwaiter().GetResult());
                if (outcome!.Decision.Verdict != cases[c].Expected)
                {
                    throw new InvalidOperationException($"{cases[c].Name}: {outcome.Decision.Verdict}, expected {cases[c].Expected}");
                }
                stages.Count(null);
                var d = Time(() => ToolRunner.Run("ffmpeg", "-nostdin", "-v", "error", "-i", cases[c].File, "-f", "null", "-"));
                if (round > 0)
                {
                    verify[c].Add(v);
                    decode[c].Add(d);
                }
            }
        }
        for (var c = 0; c < cases.Length; c++)
        {
            Console.WriteLine($"| Verify, {cases[c].Name} | {Median(verify[c]):0.000} s | ffmpeg full decode | {Median(decode[c]):0.000} s | ratio {Median(verify[c]) / Median(decode[c]):0.00} |");
        }
        stages.Print(Console.Out);
    }
}
