using System.Diagnostics;
using Provenance.Core;
using Provenance.Core.Imaging;
using Provenance.Core.Watermark.Evaluation;

namespace Provenance.Cli.Bench;

/// <summary>
/// Runs the reference command-line tools (ImageMagick's convert, libjpeg-turbo's cjpeg/djpeg, libwebp's
/// cwebp/dwebp) on frames through PPM files in a private temporary folder. Used to load the corpus and make
/// codec attacks until the project's codecs are merged, and afterwards to check the project's attacks against
/// what the world's tools do.
/// </summary>
internal sealed class ExternalTools : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("provenance-wm-").FullName;
    private int _counter;

    public ImageFrame Load(string path) => Netpbm.Read(Run("convert", [path, "-strip", "-alpha", "off", "ppm:-"], null));

    public ImageFrame JpegRoundTrip(ImageFrame frame, int quality) =>
        ThroughFile(frame, ".jpg", ppm => Run("cjpeg", ["-quality", quality.ToString(), "-outfile", ppm.Encoded, ppm.Input], null),
            ppm => Run("djpeg", ["-pnm", ppm.Encoded], null));

    public ImageFrame WebpRoundTrip(ImageFrame frame, int quality) =>
        ThroughFile(frame, ".webp", ppm => Run("cwebp", ["-quiet", "-q", quality.ToString(), ppm.Input, "-o", ppm.Encoded], null),
            ppm => Run("dwebp", ["-quiet", ppm.Encoded, "-ppm", "-o", "-"], null));

    public ImageFrame PngRoundTrip(ImageFrame frame) =>
        ThroughFile(frame, ".png", ppm => Run("convert", [ppm.Input, "png:" + ppm.Encoded], null),
            ppm => Run("convert", [ppm.Encoded, "ppm:-"], null));

    /// <summary>Applies an ImageMagick operation list (e.g. "-resize", "50%") to a frame.</summary>
    public ImageFrame Convert(ImageFrame frame, params string[] operations) =>
        Netpbm.Read(Run("convert", ["ppm:-", .. operations, "ppm:-"], Netpbm.Write(frame)));

    private ImageFrame ThroughFile(ImageFrame frame, string extension, Func<Paths, byte[]> encode, Func<Paths, byte[]> decode)
    {
        int n = Interlocked.Increment(ref _counter);
        var paths = new Paths(Path.Combine(_folder, $"{n}.ppm"), Path.Combine(_folder, $"{n}{extension}"));
        try
        {
            File.WriteAllBytes(paths.Input, Netpbm.Write(frame));
            encode(paths);
            return Netpbm.Read(decode(paths));
        }
        finally
        {
            File.Delete(paths.Input);
            File.Delete(paths.Encoded);
        }
    }

    private static byte[] Run(string tool, string[] arguments, byte[]? input)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            var writer = Task.Run(() =>
            {
                process.StandardInput.BaseStream.Write(input);
                process.StandardInput.Close();
            });
            var output = ReadAll(process.StandardOutput.BaseStream);
            writer.Wait();
            process.WaitForExit();
            return Check(tool, process, output, stderr.Result);
        }
        var result = ReadAll(process.StandardOutput.BaseStream);
        process.WaitForExit();
        return Check(tool, process, result, stderr.Result);
    }

    private static byte[] Check(string tool, Process process, byte[] output, string stderr) =>
        process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {stderr.Trim()}");

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private readonly record struct Paths(string Input, string Encoded);
}
