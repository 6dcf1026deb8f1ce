using Provenance.Core;
using Provenance.Core.C2pa;
using Provenance.Core.Cose;
using Provenance.Core.Credentials;
using Provenance.Core.Labeling;
using Provenance.Testing;

namespace Provenance.Fuzz.Seeds;

/// <summary>
/// ISO BMFF seeds for the "bmff" target, made with ffmpeg from the corpus (no video is committed): a few frames of
/// box.mp4 at 32x32 as MP4 (mdat first and moov first), MOV, an M4A of a corpus WAV, and each of those signed by
/// the project's BMFF signer (C2PA uuid box, XMP uuid box, patched chunk offsets). A few kilobytes each.
/// </summary>
internal static class VideoSeeds
{
    public static IEnumerable<(string Name, byte[] Bytes)> All()
    {
        using var temp = new TempFolder("provenance-fuzz-seeds-");
        var work = temp.Path;
        var video = Path.Combine(RepositoryPaths.Shared, "corpus", "video", "box.mp4");
        var audio = Path.Combine(RepositoryPaths.Shared, "corpus", "audio", "Front_Center.wav");
        var clips = new (string Name, string[] Arguments)[]
        {
            ("clip.mp4", ["-i", video, "-t", "0.2", "-vf", "scale=32:32", "-c:v", "libx264", "-an"]),
            ("faststart.mp4", ["-i", video, "-t", "0.2", "-vf", "scale=32:32", "-c:v", "libx264", "-an", "-movflags", "+faststart"]),
            ("clip.mov", ["-i", video, "-t", "0.2", "-vf", "scale=32:32", "-c:v", "libx264", "-an"]),
            ("clip.m4a", ["-i", audio, "-t", "0.2", "-c:a", "aac", "-b:a", "32k"]),
        };
        var keys = RepositoryPaths.KeysExample;
        using var credential = C2paSigningCredential.FromPemFiles(
            Path.Combine(keys, KeyDirectory.SignerChainFile), Path.Combine(keys, KeyDirectory.SignerKeyFile));
        var signer = new C2paManifestSigner(credential);
        var results = new List<(string, byte[])>();
        foreach (var (name, arguments) in clips)
        {
            var path = Path.Combine(work, name);
            Ffmpeg.Run([.. arguments, path]);
            results.Add((name, File.ReadAllBytes(path)));
            using var input = File.OpenRead(path);
            using var signed = new MemoryStream();
            signer.SignStream(input, signed, new C2paSigningRequest
            {
                Generator = new ContentGenerator("Fuzz Seed Generator", "Example AI Labs", "EXAMPLE-FUZZ"),
                ModelName = "seed-model",
                WatermarkId = 0x0123_4567_89AB_CDEF,
                AigcLabelJson = """{"AIGC":{"Label":"1","ContentProducer":"EXAMPLE-FUZZ","ProduceID":"seed","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""}}""",
            }, MediaLimits.Default);
            results.Add(("signed-" + name, signed.ToArray()));
        }
        return results;
    }
}
