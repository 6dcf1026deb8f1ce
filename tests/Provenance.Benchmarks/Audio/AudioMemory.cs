using Provenance.Core;
using Provenance.Core.Audio;
using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Cose;
using Provenance.Core.Signing;
using Provenance.Core.Verification;
using Provenance.Core.Watermark;
using Provenance.Benchmarks.Video;
using Provenance.Testing;

namespace Provenance.Benchmarks.Audio;

/// <summary>
/// The peak resident memory of audio Sign and Verify on one file, as the service runs them (the audio watermark
/// configured, the file held in memory), with what each call added to the process as it was before: the figures the
/// service's decode budget estimates for audio (Provenance.Core/Admission/DecodeCost.cs) are calibrated on. Verify is measured
/// on the file as it was (unsigned: the decode of at most 45 s and the detector's whole search), first, in a fresh
/// process; then Sign (decodes the whole file to float samples, marks, re-encodes, reads the mark back); then Verify of
/// the signed file with detection (what a stripped upload costs: decode, detection, the record's fingerprint match).
///   dotnet run -c Release --project tests/Provenance.Benchmarks -- audio-memory FILE [sign|verify]
/// (with "sign" or "verify", that call alone, in a process that has run nothing before it).
/// Run it with DOTNET_gcServer=1 to measure under the service's garbage collector (ASP.NET hosts use the server GC).
/// </summary>
internal static class AudioMemory
{
    private const string BenchKeyHex = "5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01";

    /// <param name="only">"sign" or "verify" to measure that call alone, first thing in the process; null for all three.</param>
    public static void Run(string file, string? only = null)
    {
        using var credential = C2paSigningCredential.FromPemFiles(
            Path.Combine(RepositoryPaths.KeysExample, "signer-chain.pem"), Path.Combine(RepositoryPaths.KeysExample, "signer-key.pem"));
        var watermarker = new Watermarker(new WatermarkOptions { KeyHex = BenchKeyHex });
        var scheme = AudioWatermarkScheme.FromWatermarkKey(Convert.FromHexString(BenchKeyHex), MediaLimits.Default.MaxVideoSeconds);
        var signer = new ContentSigner(credential, watermarker, MediaLimits.Default, scheme);
        var verifier = new ContentVerifier(new C2paValidator(new C2paValidatorOptions
        {
            TrustAnchorsPem = File.ReadAllText(Path.Combine(RepositoryPaths.KeysExample, "trust-anchors.pem")),
        }), watermarker, MediaLimits.Default, null, scheme);
        var bytes = File.ReadAllBytes(file);
        var info = AudioReencoder.Probe(file, MediaLimits.Default);
        Console.WriteLine($"{Path.GetFileName(file)}: {bytes.Length / 1024.0 / 1024:0.0} MiB, {info.Codec} {info.SampleRate} Hz, {info.Channels} channels, "
            + $"{info.DurationSeconds:0.0} s; server GC {System.Runtime.GCSettings.IsServerGC}");

        var records = new BenchRecords();
        // The file as it was first, in a process that has run nothing yet: a call that follows another reuses the
        // heap the first one grew, and would look cheaper than it is.
        if (only != "sign")
        {
            VideoTimings.Measure("Verify, the file as it was", () =>
                verifier.VerifyAsync(bytes, null, false, records, CancellationToken.None, detectWhenBound: false).GetAwaiter().GetResult().Decision.Verdict);
        }
        if (only == "verify")
        {
            return;
        }
        SignedContent? signed = null;
        VideoTimings.Measure("Sign", () =>
        {
            signed = signer.Sign(bytes, new SignInput(
                new ContentGenerator("Benchmark Generator", "Example AI Labs", "EXAMPLE-001"), "example-voice", "1", null, WatermarkIds.NewId(), null));
            return signed.Watermarked ? $"marked, SNR {signed.WatermarkPsnrDb:0.0} dB" : "unmarked: " + signed.WatermarkOmittedReason;
        });
        records.Add(signed!);
        if (only == "sign")
        {
            return;
        }
        VideoTimings.Measure("Verify, signed, with detection", () =>
            verifier.VerifyAsync(signed!.Bytes, null, false, records, CancellationToken.None, detectWhenBound: true).GetAwaiter().GetResult().Decision.Verdict);
    }
}
