using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using Provenance.Contracts.V1;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// MP4 and MOV through the running service (issue 14, end-to-end): a 2 s 640x480 cut of the corpus clip box.mp4, made
/// with ffmpeg once per class, signed over the unary Sign RPC and changed the ways an upload can be (frames edited
/// under the manifest, trimmed and re-encoded without metadata, its watermark ID stamped onto another clip).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class VideoTests(EndToEndFixture service, VideoTests.Clip clip) : IClassFixture<VideoTests.Clip>
{
    private readonly Lazy<Task<SignedFile>> _signed = new(() => service.SignAsync(clip.Bytes));

    [Fact]
    public async Task A_signed_clip_is_verified_with_its_manifest_bound_by_the_bmff_hash()
    {
        var signed = await SignedOnceAsync();
        Assert.Equal("video/mp4", signed.Response.MimeType);
        Assert.Matches("^[0-9a-f]{16}$", signed.Response.WatermarkId);
        Assert.True(signed.Response.WatermarkPsnrDb > 35, $"PSNR {signed.Response.WatermarkPsnrDb:F1} dB");

        var verify = await service.VerifyAsync(signed.Bytes);
        Assert.Equal(Verdict.Verified, verify.Verdict);
        Assert.Equal(AigcLabel.AiGenerated, verify.AigcLabel);
        Assert.Equal("Trusted", verify.ValidationState);
        Assert.Contains(verify.ValidationStatus, s => s.Code == "assertion.bmffHash.match");
        Assert.Equal(signed.Response.ManifestId, verify.Manifest.ManifestId);
        Assert.Equal(signed.Response.ContentHash, verify.ContentHash);
    }

    [Fact]
    public async Task An_unsigned_clip_is_missing()
    {
        var verify = await service.VerifyAsync(clip.Bytes);
        Assert.Equal(Verdict.Missing, verify.Verdict);
        Assert.False(verify.Watermark.Detected);
    }

    [Fact]
    public async Task A_byte_changed_in_mdat_is_tampered()
    {
        var bytes = (byte[])(await SignedOnceAsync()).Bytes.Clone();
        var (start, length) = MediaData(bytes);
        bytes[start + length / 2] ^= 0x01;

        var verify = await service.VerifyAsync(bytes);
        Assert.Equal(Verdict.Tampered, verify.Verdict);
        Assert.Contains(verify.ValidationStatus, s => s.Code == "assertion.bmffHash.mismatch");
    }

    [Fact]
    public async Task A_signed_MOV_is_verified()
    {
        var signed = await service.SignAsync(clip.Mov);
        Assert.Equal("video/quicktime", signed.Response.MimeType);

        var verify = await service.VerifyAsync(signed.Bytes);
        Assert.Equal(Verdict.Verified, verify.Verdict);
        Assert.Contains(verify.ValidationStatus, s => s.Code == "assertion.bmffHash.match");
        Assert.Equal(signed.Response.ManifestId, verify.Manifest.ManifestId);
    }

    [Fact]
    public async Task Frames_painted_under_the_original_manifest_are_tampered()
    {
        var signed = await SignedOnceAsync();
        var edited = clip.Edit(signed.Bytes, VideoEdits.PaintBoxUnderOriginalManifest);

        var verify = await service.VerifyAsync(edited);
        Assert.Equal(Verdict.Tampered, verify.Verdict);
        Assert.Contains(verify.ValidationStatus, s => s.Code == "assertion.bmffHash.mismatch");
        Assert.Equal(signed.Response.ManifestId, verify.Manifest.ManifestId);
    }

    /// <summary>
    /// Trimmed (0.4 s cut from the start), scaled to 480 lines and re-encoded H.264 CRF 28 with the metadata gone: the
    /// watermark ID resolves to the stored record and the upload matches its clip fingerprint.
    /// </summary>
    [Fact]
    public async Task Trimmed_and_re_encoded_at_crf_28_480p_without_metadata_it_is_recovered()
    {
        var signed = await SignedOnceAsync();
        var laundered = clip.Edit(signed.Bytes, (input, output) => VideoClips.ReEncodedSegment(input, output, 0.4, 1.6, 480, 28));

        var verify = await service.VerifyAsync(laundered);
        Assert.Equal(Verdict.Recovered, verify.Verdict);
        Assert.True(verify.Watermark.Detected);
        Assert.Equal(signed.Response.WatermarkId, verify.Watermark.Id);
        Assert.True(verify.Watermark.Resolved);
        Assert.True(verify.Watermark.FingerprintMatches);
        Assert.Equal(signed.Response.ManifestId, verify.Manifest.ManifestId);
        Assert.Equal("store", verify.Manifest.Source);
        Assert.Equal(AigcLabel.AiGenerated, verify.AigcLabel);
        var report = await service.ReportAsync(verify.ReportId, Verdict.Recovered);
        Assert.Equal(signed.Response.ManifestId, report.ManifestId);
    }

    /// <summary>A forger with the watermark key stamps another clip with a signed clip's ID: the ID resolves, the content does not match.</summary>
    [Fact]
    public async Task Another_clip_marked_with_a_signed_clips_watermark_ID_is_not_recovered()
    {
        var signed = await SignedOnceAsync();
        var id = Convert.ToUInt64(signed.Response.WatermarkId, 16);
        var forged = clip.Edit(clip.Other, (input, output) => VideoEdits.MarkWith(input, output, ExampleKeys.Watermarker, id));

        var verify = await service.VerifyAsync(forged);
        Assert.True(verify.Watermark.Detected);
        Assert.Equal(signed.Response.WatermarkId, verify.Watermark.Id);
        Assert.True(verify.Watermark.Resolved);
        Assert.False(verify.Watermark.FingerprintMatches);
        Assert.Equal(Verdict.Tampered, verify.Verdict);
        Assert.Equal(AigcLabel.SuspectedAiGenerated, verify.AigcLabel);
        var report = await service.ReportAsync(verify.ReportId, Verdict.Tampered);
        Assert.Equal(signed.Response.WatermarkId, report.WatermarkId);
    }

    [Fact]
    public async Task SignStream_and_VerifyStream_take_a_clip_in_chunks()
    {
        const int chunkSize = 256 * 1024;
        using var sign = service.Client.SignStream(Bearer.Of(ExampleKeys.GeneratorKey));
        await sign.RequestStream.WriteAsync(new SignStreamRequest { Header = new SignRequest { Generation = new GenerationInfo { ModelName = "e2e-video" } } });
        foreach (var chunk in clip.Bytes.Chunk(chunkSize))
        {
            await sign.RequestStream.WriteAsync(new SignStreamRequest { Chunk = ByteString.CopyFrom(chunk) });
        }
        await sign.RequestStream.CompleteAsync();
        Assert.True(await sign.ResponseStream.MoveNext());
        var header = sign.ResponseStream.Current.Header;
        Assert.Equal("video/mp4", header.MimeType);
        using var signed = new MemoryStream();
        while (await sign.ResponseStream.MoveNext())
        {
            sign.ResponseStream.Current.Chunk.WriteTo(signed);
        }

        using var verify = service.Client.VerifyStream();
        await verify.RequestStream.WriteAsync(new VerifyStreamRequest { Header = new VerifyRequest() });
        foreach (var chunk in signed.ToArray().Chunk(chunkSize))
        {
            await verify.RequestStream.WriteAsync(new VerifyStreamRequest { Chunk = ByteString.CopyFrom(chunk) });
        }
        await verify.RequestStream.CompleteAsync();
        var response = await verify.ResponseAsync;
        Assert.Equal(Verdict.Verified, response.Verdict);
        Assert.Equal(header.ManifestId, response.Manifest.ManifestId);
        Assert.Equal(header.ContentHash, response.ContentHash);
    }

    [Fact]
    public async Task A_clip_signed_with_an_explicit_label_throughout_says_which_frames_show_it_and_is_verified()
    {
        var response = await service.Client.SignAsync(new SignRequest
        {
            Media = ByteString.CopyFrom(clip.Bytes),
            Generation = new GenerationInfo { ModelName = "e2e-video" },
            ExplicitLabel = new ExplicitLabelOptions { Position = ExplicitLabelPosition.TopRight, Span = ExplicitLabelSpan.Throughout },
        }, Bearer.Of(ExampleKeys.GeneratorKey));

        var label = response.ExplicitLabel;
        Assert.Equal("AI生成", label.Text);
        Assert.Equal(ExplicitLabelPosition.TopRight, label.Position);
        Assert.Equal(ExplicitLabelSpan.Throughout, label.Span);
        Assert.True(label.TextHeight >= 0.05 * 480, $"text height {label.TextHeight}");
        var frames = Assert.Single(label.Frames);
        Assert.Equal(0, frames.FirstFrame);
        Assert.Equal(0, frames.StartSeconds);
        Assert.True(frames.EndSeconds >= 1.9, $"labelled to {frames.EndSeconds} s");

        var verify = await service.VerifyAsync(response.Media.ToByteArray());
        Assert.Equal(Verdict.Verified, verify.Verdict);
        // A bound manifest makes Verify skip detection: re-encoded without it, the mark drawn over the label still reads.
        var laundered = await service.VerifyAsync(clip.Edit(response.Media.ToByteArray(), VideoClips.ReEncode));
        Assert.True(laundered.Watermark.Detected);
        Assert.Equal(response.WatermarkId, laundered.Watermark.Id);
    }

    private Task<SignedFile> SignedOnceAsync() => clip.Signed ??= _signed.Value;

    /// <summary>The payload of the top-level mdat box.</summary>
    private static (int Start, int Length) MediaData(byte[] file)
    {
        for (var offset = 0; offset + 8 <= file.Length;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset));
            var header = 8;
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan(offset + 8));
                header = 16;
            }
            if (file.AsSpan(offset + 4, 4).SequenceEqual("mdat"u8))
            {
                return (offset + header, (int)size - header);
            }
            offset += (int)size;
        }
        throw new InvalidOperationException("no mdat box");
    }

    /// <summary>The input clips, cut once per class, and the signed MP4 shared by the tests.</summary>
    public sealed class Clip : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("video-e2e-").FullName;

        public Clip()
        {
            var mp4 = Path.Combine(_directory, "box-2s.mp4");
            VideoClips.CutBox(mp4);
            Bytes = File.ReadAllBytes(mp4);
            var mov = Path.Combine(_directory, "box-2s.mov");
            VideoClips.CutBox(mov);
            Mov = File.ReadAllBytes(mov);
            var other = Path.Combine(_directory, "megamind-2s.mp4");
            VideoClips.CutOther(other);
            Other = File.ReadAllBytes(other);
        }

        /// <summary>2 s of box.mp4 as MP4.</summary>
        public byte[] Bytes { get; }

        /// <summary>The same cut as MOV.</summary>
        public byte[] Mov { get; }

        /// <summary>2 s of another corpus clip (megamind.mp4), unsigned.</summary>
        public byte[] Other { get; }

        internal Task<SignedFile>? Signed { get; set; }

        /// <summary>Runs a file-to-file edit on <paramref name="media"/> in this class's temporary folder.</summary>
        public byte[] Edit(byte[] media, Action<string, string> edit)
        {
            var input = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".mp4");
            var output = Path.Combine(_directory, Guid.NewGuid().ToString("N") + "-edited.mp4");
            File.WriteAllBytes(input, media);
            edit(input, output);
            return File.ReadAllBytes(output);
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
