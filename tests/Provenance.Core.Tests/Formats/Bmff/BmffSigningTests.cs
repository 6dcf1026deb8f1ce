using Provenance.Core.C2pa;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Labeling;
using Provenance.Core.Tests.C2pa;
using Provenance.Core.Tests.C2pa.Interop;
using Provenance.Testing;

namespace Provenance.Core.Tests.Formats.Bmff;

/// <summary>
/// Every clip of ../shared/corpus/video, as MP4 and as MOV (remuxed by ffmpeg without re-encoding), signed with the
/// stream signer: our validator and both c2pa-rs builds call it Trusted with no failure; ffmpeg reads the same
/// packets from it as from the input (chunk offsets patched); the XMP box carries the AIGC label; a changed byte
/// in the media data breaks the binding. No pixel work here, so the whole class takes seconds.
/// </summary>
public sealed class BmffSigningTests : IClassFixture<BmffSigningTests.SignedClips>
{
    private readonly SignedClips _clips;

    public BmffSigningTests(SignedClips clips) => _clips = clips;

    [Fact]
    public void Every_signed_clip_is_trusted_by_our_validator()
    {
        Assert.Equal(8, _clips.Signed.Count);
        var validator = C2paTestKit.ExampleValidator();
        Assert.All(_clips.Signed, pair =>
        {
            using var stream = File.OpenRead(pair.Signed);
            var result = validator.Validate(stream);
            Assert.True(result.State == ValidationState.Trusted && !result.FailureCodes.Any(),
                $"{Path.GetFileName(pair.Signed)}: {result.State} [{string.Join(",", result.FailureCodes)}]");
            Assert.Contains(result.ActiveManifest.Success, s => s.Code == StatusCodes.AssertionBmffHashMatch);
        });
    }

    [Fact]
    public void Every_signed_clip_is_trusted_by_both_reference_validators()
    {
        var verdicts = ReferenceValidators.Validate(_clips.Signed.Select(p => p.Signed).ToList(), C2paTestKit.KeysExample("trust-anchors.pem"));
        Assert.Equal(2 * _clips.Signed.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.State == "Trusted" && v.Failures.Count == 0,
            $"{v.File} {v.Validator}: {v.State ?? v.Error} [{string.Join(",", v.Failures)}]"));
    }

    [Fact]
    public void Ffmpeg_reads_the_same_packets_from_the_signed_clip()
    {
        Assert.All(_clips.Signed, pair => Assert.Equal(Packets(pair.Input), Packets(pair.Signed)));
    }

    [Fact]
    public void The_xmp_box_carries_the_aigc_label()
    {
        using var stream = File.OpenRead(_clips.Signed[0].Signed);
        var xmp = BmffHandler.ReadXmp(stream, BmffTree.Read(stream));
        var (label, sourceType) = AigcMetadata.Read(xmp);
        Assert.Equal("EXAMPLE-001", label?.ContentProducer);
        Assert.Equal(DigitalSourceTypes.TrainedAlgorithmicMedia, sourceType);
    }

    [Fact]
    public void A_changed_media_byte_breaks_the_binding_and_a_moved_box_too()
    {
        var bytes = File.ReadAllBytes(_clips.Signed[0].Signed);
        var tree = BmffTree.Read(new MemoryStream(bytes));
        var mdat = tree.TopLevel.Single(b => b.Type == "mdat");
        var changed = (byte[])bytes.Clone();
        changed[mdat.Start + mdat.Size / 2] ^= 0x04;
        var validator = C2paTestKit.ExampleValidator();
        Assert.Contains(StatusCodes.AssertionBmffHashMismatch, validator.Validate(new MemoryStream(changed)).FailureCodes);

        // A free box inserted before mdat is excluded by content, but it moves mdat: v3 hashes offsets, so this fails too.
        var free = new byte[16];
        free[3] = 16;
        "free"u8.CopyTo(free.AsSpan(4));
        var moved = bytes[..(int)mdat.Start].Concat(free).Concat(bytes[(int)mdat.Start..]).ToArray();
        Assert.Contains(StatusCodes.AssertionBmffHashMismatch, validator.Validate(new MemoryStream(moved)).FailureCodes);
    }

    [Fact]
    public void A_fragmented_mp4_is_refused_with_a_typed_error()
    {
        var fragmented = Path.Combine(_clips.Directory, "fragmented.mp4");
        Ffmpeg("-i", _clips.Signed[0].Input, "-c", "copy", "-t", "2", "-movflags", "frag_keyframe+empty_moov", fragmented);
        using var input = File.OpenRead(fragmented);
        using var output = new MemoryStream();
        using var credential = C2paTestKit.ExampleCredential();
        var error = Assert.Throws<InvalidMediaException>(() => new C2paManifestSigner(credential).SignStream(input, output, C2paTestKit.Request()));
        Assert.Equal(MediaError.UnsupportedFormat, error.Error);
    }

    private string Packets(string file) => Ffmpeg("-v", "error", "-i", file, "-map", "0", "-c", "copy", "-f", "framemd5", "-");

    internal static string Ffmpeg(params string[] arguments) =>
        ExternalTool.Run("ffmpeg", ["-nostdin", "-y", "-v", "error", .. arguments], Path.GetTempPath(), TimeSpan.FromMinutes(1));

    /// <summary>The corpus clips as MP4 and MOV, signed once for the class, in a temporary folder.</summary>
    public sealed class SignedClips : IDisposable
    {
        public SignedClips()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("bmff-signing-").FullName;
            using var credential = C2paTestKit.ExampleCredential();
            var signer = new C2paManifestSigner(credential);
            foreach (var clip in System.IO.Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "video"), "*.mp4").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(clip);
                var mov = Path.Combine(Directory, name + ".mov");
                Ffmpeg("-i", clip, "-map", "0", "-c", "copy", "-f", "mov", mov);
                foreach (var input in new[] { clip, mov })
                {
                    var signed = Path.Combine(Directory, name + "-signed" + Path.GetExtension(input));
                    using (var source = File.OpenRead(input))
                    using (var target = File.Create(signed))
                    {
                        signer.SignStream(source, target, C2paTestKit.Request());
                    }
                    Signed.Add((input, signed));
                }
            }
        }

        public string Directory { get; }

        public List<(string Input, string Signed)> Signed { get; } = [];

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
