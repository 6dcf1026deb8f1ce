using System.Text.Json;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Tests.C2pa;
using Provenance.Core.Tests.C2pa.Interop;
using Provenance.Testing;

namespace Provenance.Core.Tests.Formats.Audio;

/// <summary>
/// Our validator against c2pa-rs (c2pa-node 0.5.5 and c2pa-wasm 0.13.3) on audio it did not make:
/// the WAV, MP3 and FLAC files of ../shared/c2pa-fixtures/media (EXPECTED-media.jsonl; M4A is in
/// Formats/Bmff/BmffFixtureAgreementTests.cs), and files c2pa-node signs in each audio format, intact and with a
/// changed audio byte: the same state and failure codes as both builds, run in the same test.
/// </summary>
public sealed class AudioAgreementTests : IClassFixture<AudioAgreementTests.NodeSignedAudio>
{
    private static readonly Lazy<C2paValidator> Untrusting = new(() => new C2paValidator(new C2paValidatorOptions()));

    private readonly NodeSignedAudio _files;

    public AudioAgreementTests(NodeSignedAudio files) => _files = files;

    private static string Media => Path.Combine(RepositoryPaths.C2paFixtures, "media");

    public static TheoryData<string> AudioFixtures() =>
        new(Directory.GetFiles(Media).Select(Path.GetFileName).Where(f => Path.GetExtension(f) is ".wav" or ".mp3" or ".flac").Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(AudioFixtures))]
    public void Agrees_with_the_reference_validators_on_the_fixtures(string file)
    {
        var expected = Expected().Where(e => e.File == file).ToList();
        Assert.Equal(2, expected.Count);
        var bytes = File.ReadAllBytes(Path.Combine(Media, file));
        // None of these fixtures holds a manifest; one is refused by both builds ("Invalid RIFF format").
        Assert.All(expected, e => Assert.Null(e.State));
        if (expected.All(e => e.Error == "no manifest"))
        {
            var result = Untrusting.Value.Validate(bytes);
            Assert.False(result.HasManifest);
            Assert.Null(result.State);
            return;
        }
        var error = Assert.Throws<InvalidMediaException>(() => Untrusting.Value.Validate(bytes));
        Assert.Equal(MediaError.Truncated, error.Error);
    }

    [Fact]
    public void Agrees_with_the_reference_validators_on_files_c2pa_node_signed()
    {
        Assert.Equal(8, _files.Files.Count); // 4 formats, intact and altered
        var validator = C2paTestKit.FixtureValidator();
        foreach (var file in _files.Files)
        {
            var references = _files.Verdicts.Where(v => v.File == file).ToList();
            Assert.Equal(2, references.Count);
            var result = validator.Validate(new MemoryStream(File.ReadAllBytes(file), writable: false));
            var ours = result.FailureCodes.Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.All(references, r => Assert.True(r.State == result.State?.ToString() && r.Failures.Distinct().Order(StringComparer.Ordinal).SequenceEqual(ours),
                $"{Path.GetFileName(file)}: ours {result.State} [{string.Join(",", ours)}], {r.Validator} {r.State ?? r.Error} [{string.Join(",", r.Failures)}]"));
        }
        // The files are what they should be: the intact ones trusted, the altered ones failing their binding.
        Assert.All(_files.Files.Where(f => !f.Contains("altered", StringComparison.Ordinal)),
            f => Assert.Equal(ValidationState.Trusted, validator.Validate(new MemoryStream(File.ReadAllBytes(f))).State));
        Assert.All(_files.Files.Where(f => f.Contains("altered", StringComparison.Ordinal)),
            f => Assert.Equal(ValidationState.Invalid, validator.Validate(new MemoryStream(File.ReadAllBytes(f))).State));
    }

    private sealed record Expectation(string File, string Validator, string? State, string? Error);

    private static IEnumerable<Expectation> Expected()
    {
        foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.C2paFixtures, "EXPECTED-media.jsonl")).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var state = root.GetProperty("validation_state");
            yield return new Expectation(root.GetProperty("file").GetString()!, root.GetProperty("validator").GetString()!,
                state.ValueKind == JsonValueKind.Null ? null : state.GetString(),
                root.TryGetProperty("error", out var error) ? error.GetString() : null);
        }
    }

    /// <summary>
    /// A voice clip as WAV, MP3, FLAC and M4A, signed by c2pa-node with the c2pa-rs es256 test certificate, and a copy
    /// of each with one byte of audio changed; both reference builds judge them once for the class.
    /// </summary>
    public sealed class NodeSignedAudio : IDisposable
    {
        public NodeSignedAudio()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("audio-c2pa-node-").FullName;
            var certificates = Path.Combine(RepositoryPaths.C2paFixtures, "certs");
            var voice = Path.Combine(AudioCorpusFiles.Corpus, "Front_Center.wav");
            foreach (var (extension, options) in new (string, string[])[]
                     {
                         ("wav", ["-c:a", "pcm_s16le"]), ("mp3", ["-c:a", "libmp3lame", "-b:a", "128k"]),
                         ("flac", ["-c:a", "flac"]), ("m4a", ["-c:a", "aac", "-b:a", "128k"]),
                     })
            {
                var input = Path.Combine(Directory, "voice." + extension);
                AudioCorpusFiles.Ffmpeg(["-i", voice, .. options, input]);
                var signed = Path.Combine(Directory, "c2pa-node-es256." + extension);
                ReferenceValidators.SignWithC2paNode(Path.Combine(certificates, "es256.pub"), Path.Combine(certificates, "es256.pem"), "es256", input, signed);
                var altered = File.ReadAllBytes(signed);
                altered[altered.Length * 3 / 5] ^= 0x10;
                var alteredPath = Path.Combine(Directory, "c2pa-node-es256-altered." + extension);
                File.WriteAllBytes(alteredPath, altered);
                Files.Add(signed);
                Files.Add(alteredPath);
            }
            Verdicts = ReferenceValidators.Validate(Files, Path.Combine(RepositoryPaths.C2paFixtures, "trust_anchors_all.pem"));
        }

        public string Directory { get; }

        public List<string> Files { get; } = [];

        internal IReadOnlyList<ReferenceVerdict> Verdicts { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
