using System.CommandLine;
using System.Globalization;
using Provenance.Core;
using Provenance.Core.C2pa;
using Provenance.Core.Cose;
using Provenance.Core.Credentials;
using Provenance.Core.Formats.Jpeg;
using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Jpeg;
using Provenance.Core.Signing;
using Provenance.Core.Watermark;

namespace Provenance.Cli.Commands;

/// <summary>
/// `provenance bench jpeg-growth`: how much bigger Sign makes a JPEG (issue 16, item 5). Every JPEG of a folder,
/// and optionally every photo of it re-encoded by the project's encoder at the given qualities (the corpus holds few
/// qualities), is signed in-process exactly as the service signs it, with the example key set. Prints per file the
/// input's estimated quality, the sizes, the growth with and without the C2PA manifest (its APP11 segments are a fixed
/// few KB that do not depend on the pixels), the growth of the entropy-coded data alone and the mark's PSNR; then the
/// median and maximum of each ratio, over all inputs and over those of quality 95 or less (the issue's target).
/// </summary>
internal static class BenchJpegGrowthCommand
{
    public static Command Create()
    {
        var corpus = new Option<DirectoryInfo>("--corpus")
        {
            Description = "Folder of photos; its JPEGs are signed as they are.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("..", "shared", "corpus", "photos")),
        };
        var qualities = new Option<string>("--requality")
        {
            Description = "Comma-separated JPEG qualities: every photo of the folder (PNG too) is also encoded at each (4:2:0) and signed; empty for none.",
            DefaultValueFactory = _ => "75,85,90,95",
        };
        var keys = new Option<DirectoryInfo>("--keys")
        {
            Description = "Key set folder (default: the example set shipped with this tool).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "keys-example")),
        };
        var outDir = new Option<DirectoryInfo?>("--out-dir")
        {
            Description = "Folder to write every signed JPEG into (created if missing), to inspect or validate them.",
        };
        var command = new Command("jpeg-growth", "Signed JPEG size against its input: per file and median/max, with and without the manifest.")
        {
            corpus, qualities, keys, outDir,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(corpus)!;
            if (!dir.Exists)
            {
                Console.Error.WriteLine($"Corpus folder {dir.FullName} does not exist.");
                return ExitCodes.UsageOrUnreadable;
            }
            var list = new List<int>();
            foreach (var part in parse.GetValue(qualities)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, CultureInfo.InvariantCulture, out int q) || q is < 1 or > 100)
                {
                    Console.Error.WriteLine($"--requality: '{part}' is not a quality 1..100.");
                    return ExitCodes.UsageOrUnreadable;
                }
                list.Add(q);
            }
            Run(dir, list, parse.GetValue(keys)!.FullName, parse.GetValue(outDir));
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record Row(string Name, int Quality, bool Exact, string Subsampling, long Input, long Signed, long Manifest,
        long InputScan, long SignedScan, long ReencodedScan, double PsnrDb)
    {
        /// <summary>The entropy-coded data of the input decoded and encoded again, unmarked: the encoder's own share of the growth.</summary>
        public double ReencodeRatio => (double)ReencodedScan / InputScan;

        public double Ratio => (double)Signed / Input;
        public double RatioWithoutManifest => (double)(Signed - Manifest) / Input;
        public double ScanRatio => (double)SignedScan / InputScan;
    }

    private static void Run(DirectoryInfo dir, IReadOnlyList<int> qualities, string keys, DirectoryInfo? outDir)
    {
        outDir?.Create();
        using var credential = C2paSigningCredential.FromPemFiles(Path.Combine(keys, KeyDirectory.SignerChainFile), Path.Combine(keys, KeyDirectory.SignerKeyFile));
        var watermarker = new Watermarker(new WatermarkOptions { KeyHex = File.ReadAllText(Path.Combine(keys, KeyDirectory.WatermarkKeyFile)).Trim() });
        var signer = new ContentSigner(credential, watermarker, MediaLimits.Default);
        var generator = new ContentGenerator("Bench Generator", "Example AI Labs", "EXAMPLE-BENCH");

        var files = dir.EnumerateFiles().Where(f => f.Extension.ToLowerInvariant() is ".jpg" or ".jpeg" or ".png")
            .OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var inputs = new List<(string Name, byte[] Bytes)>();
        foreach (var file in files.Where(f => f.Extension.ToLowerInvariant() is ".jpg" or ".jpeg"))
        {
            inputs.Add((file.Name, File.ReadAllBytes(file.FullName)));
        }
        foreach (int q in qualities)
        {
            foreach (var file in files)
            {
                using var decoded = ImageCodec.Decode(File.ReadAllBytes(file.FullName));
                inputs.Add(($"{Path.GetFileNameWithoutExtension(file.Name)}@q{q}", ImageCodec.Encode(decoded.Frame, EncodeSettings.Jpeg(q))));
            }
        }

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"# bench jpeg-growth: {inputs.Count} JPEGs ({files.Count} photos of {dir.FullName}; {(qualities.Count == 0 ? "none re-encoded" : "re-encoded at q" + string.Join(",", qualities))})");
        Console.WriteLine("| input | quality | sampling | input bytes | signed bytes | ratio | manifest bytes | ratio w/o manifest | scan ratio | unmarked re-encode scan ratio | mark PSNR dB |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var rows = new List<Row>();
        ulong id = 0x5EC0DE0000000001;
        foreach (var (name, bytes) in inputs)
        {
            var info = JpegCodec.ReadInfo(bytes, MediaLimits.Default).SourceSettings;
            var signed = signer.Sign(bytes, new SignInput(generator, "bench-model", "1", null, id++, null));
            if (outDir is not null)
            {
                File.WriteAllBytes(Path.Combine(outDir.FullName, Path.ChangeExtension(name, ".jpg")), signed.Bytes);
            }
            var row = new Row(name, info.Quality, info.QualityIsExact, SubsamplingName(info), bytes.Length, signed.Bytes.Length,
                SegmentBytes(signed.Bytes, JpegMarker.App11), SegmentBytes(bytes, JpegMarker.Sos), SegmentBytes(signed.Bytes, JpegMarker.Sos),
                SegmentBytes(Reencoded(bytes), JpegMarker.Sos), signed.WatermarkPsnrDb);
            rows.Add(row);
            Console.WriteLine(string.Format(inv, "| {0} | {1}{2} | {3} | {4} | {5} | {6:F3} | {7} | {8:F3} | {9:F3} | {10:F3} | {11:F2} |",
                row.Name, row.Quality, row.Exact ? "" : "~", row.Subsampling, row.Input, row.Signed, row.Ratio, row.Manifest,
                row.RatioWithoutManifest, row.ScanRatio, row.ReencodeRatio, row.PsnrDb));
        }
        Summarise("all inputs", rows);
        Summarise("inputs of quality <= 95", rows.Where(r => r.Quality <= 95).ToList());
    }

    private static void Summarise(string label, IReadOnlyList<Row> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var inv = CultureInfo.InvariantCulture;
        string Stats(Func<Row, double> f)
        {
            var values = rows.Select(f).Order().ToList();
            double median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
            return string.Format(inv, "median {0:F3}, max {1:F3}", median, values[^1]);
        }
        var worst = rows.MaxBy(r => r.Ratio)!;
        var marked = rows.Where(r => r.PsnrDb > 0).ToList();
        Console.WriteLine(string.Format(inv, "{0} ({1}): ratio {2} ({3}); without manifest {4}; scan {5}; unmarked re-encode scan {9}; mark PSNR mean {6:F2} dB, min {7:F2} dB ({8} marked)",
            label, rows.Count, Stats(r => r.Ratio), worst.Name, Stats(r => r.RatioWithoutManifest), Stats(r => r.ScanRatio),
            marked.Count > 0 ? marked.Average(r => r.PsnrDb) : 0, marked.Count > 0 ? marked.Min(r => r.PsnrDb) : 0, marked.Count,
            Stats(r => r.ReencodeRatio)));
    }

    /// <summary>The input decoded and encoded again as Sign would, without a mark or metadata.</summary>
    private static byte[] Reencoded(byte[] jpeg)
    {
        using var decoded = LumaDecodedImage.Decode(jpeg, MediaLimits.Default);
        return decoded.Encode(Provenance.Core.Formats.AssetMetadata.Empty, SignedJpegProgression.TranscodeAbove(jpeg.Length));
    }

    /// <summary>The bytes of every segment with this marker, headers included (for SOS: the entropy-coded data too).</summary>
    private static long SegmentBytes(byte[] jpeg, byte marker) =>
        JpegLayout.Parse(jpeg).Segments.Where(s => s.Marker == marker).Sum(s => (long)s.Length);

    private static string SubsamplingName(EncodeSettings settings) => settings.Subsampling switch
    {
        ChromaSubsampling.Yuv444 => "4:4:4",
        ChromaSubsampling.Yuv422 => "4:2:2",
        ChromaSubsampling.Yuv420 => "4:2:0",
        ChromaSubsampling.Yuv440 => "4:4:0",
        ChromaSubsampling.Yuv411 => "4:1:1",
        _ => "gray",
    } + (settings.Progressive ? " prog" : "");
}
