using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using Provenance.Contracts.V1;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// MP4 through the running service (issue 14, end-to-end): a 2 s 640x480 cut of the corpus clip box.mp4, made with
/// ffmpeg once per class, signed over the unary Sign RPC and changed the ways an upload can be.
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

    /// <summary>
    /// Re-encoded with the metadata gone: the watermark is still found, but clips have no stored perceptual
    /// fingerprint yet, so the ID is not tied back to the signed clip and the verdict is declared, not recovered.
    /// </summary>
    [Fact]
    public async Task Re_encoded_without_metadata_the_watermark_is_declared_not_recovered()
    {
        var signed = await SignedOnceAsync();
        var laundered = clip.ReEncode(signed.Bytes);

        var verify = await service.VerifyAsync(laundered);
        Assert.Equal(Verdict.Declared, verify.Verdict);
        Assert.True(verify.Watermark.Detected);
        Assert.Equal(signed.Response.WatermarkId, verify.Watermark.Id);
        Assert.Empty(verify.ValidationState);
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
        var laundered = await service.VerifyAsync(clip.ReEncode(response.Media.ToByteArray()));
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

    /// <summary>The input clip, cut once per class, and the signed copy shared by the tests.</summary>
    public sealed class Clip : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("video-e2e-").FullName;

        public Clip()
        {
            var path = Path.Combine(_directory, "box-2s.mp4");
            VideoClips.CutBox(path);
            Bytes = File.ReadAllBytes(path);
        }

        public byte[] Bytes { get; }

        internal Task<SignedFile>? Signed { get; set; }

        public byte[] ReEncode(byte[] media)
        {
            var input = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".mp4");
            var output = Path.Combine(_directory, Guid.NewGuid().ToString("N") + "-re.mp4");
            File.WriteAllBytes(input, media);
            VideoClips.ReEncode(input, output);
            return File.ReadAllBytes(output);
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
