using System.Buffers.Binary;
using System.Text;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats.Flac;
using Provenance.Core.Formats.Id3;
using Provenance.Core.Formats.Mp3;
using Provenance.Core.Formats.Wav;
using Provenance.Core.Tests.C2pa;
using Provenance.Testing;

namespace Provenance.Core.Tests.Formats.Audio;

/// <summary>
/// Hostile and malformed WAV, ID3 (MP3, FLAC) structures get a typed <see cref="InvalidMediaException"/> after
/// bounded work, from the validator and the signer alike; lengths are checked against the file before use.
/// </summary>
public class MalformedAudioTests
{
    private static readonly Lazy<C2paValidator> Validator = new(() => new C2paValidator(new C2paValidatorOptions()));

    /// <summary>A minimal valid WAV: fmt (16-bit mono 8 kHz) and 8 bytes of samples.</summary>
    internal static byte[] Wav(params byte[][] extraChunks)
    {
        byte[] fmt = [1, 0, 1, 0, 0x40, 0x1F, 0, 0, 0x80, 0x3E, 0, 0, 2, 0, 16, 0];
        byte[] body = [.. "WAVE"u8, .. WavLayout.BuildChunk(WavLayout.Fmt, fmt), .. WavLayout.BuildChunk(WavLayout.Data, new byte[8]),
            .. extraChunks.SelectMany(c => c)];
        var header = new byte[8];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)body.Length);
        return [.. header, .. body];
    }

    /// <summary>An ID3v2.4 tag holding <paramref name="frames"/> (raw frame bytes), then an MPEG frame header and a few bytes.</summary>
    internal static byte[] Mp3(params byte[][] frames)
    {
        var content = frames.SelectMany(f => f).ToArray();
        var header = new byte[10];
        "ID3"u8.CopyTo(header);
        header[3] = 4;
        Id3Tag.WriteSynchsafe(header.AsSpan(6), content.Length);
        return [.. header, .. content, 0xFF, 0xFB, 0x90, 0x64, .. new byte[64]];
    }

    internal static byte[] Frame(string id, byte[] payload)
    {
        var frame = new byte[10 + payload.Length];
        Encoding.ASCII.GetBytes(id, frame);
        Id3Tag.WriteSynchsafe(frame.AsSpan(4), payload.Length);
        payload.CopyTo(frame, 10);
        return frame;
    }

    private static InvalidMediaException Refused(byte[] file) => Assert.Throws<InvalidMediaException>(() => Validator.Value.Validate(file));

    [Fact]
    public void The_minimal_files_are_valid_and_unsigned()
    {
        Assert.False(Validator.Value.Validate(Wav()).HasManifest);
        Assert.False(Validator.Value.Validate(Mp3(Frame("TIT2", [3, .. "x"u8]))).HasManifest);
    }

    [Fact]
    public void A_riff_size_beyond_the_file_is_truncated()
    {
        var wav = Wav();
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), 1_000_000);
        Assert.Equal(MediaError.Truncated, Refused(wav).Error);
    }

    [Fact]
    public void A_chunk_size_of_four_gigabytes_is_truncated_without_allocation()
    {
        var chunk = new byte[8];
        "LIST"u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), uint.MaxValue);
        Assert.Equal(MediaError.Truncated, Refused(Wav(chunk)).Error);
    }

    [Fact]
    public void More_chunks_than_the_limit_are_refused()
    {
        var empty = WavLayout.BuildChunk(0x4A554E4B, []); // "JUNK", 8 bytes each
        var error = Refused(Wav(Enumerable.Repeat(empty, WavLayout.MaxChunks).ToArray()));
        Assert.Equal(MediaError.Corrupt, error.Error);
        Assert.Contains("top-level chunks", error.Message);
    }

    [Fact]
    public void A_wav_without_samples_is_corrupt()
    {
        byte[] riff = [.. "RIFF"u8, 4 + 24, 0, 0, 0, .. "WAVE"u8, .. WavLayout.BuildChunk(WavLayout.Fmt, new byte[16])];
        Assert.Equal(MediaError.Corrupt, Refused(riff).Error);
    }

    [Fact]
    public void The_invalid_fixture_is_refused_by_sign_too()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepositoryPaths.C2paFixtures, "media", "sample3.invalid.wav"));
        using var fixture = new Pipeline.PipelineFixture();
        Assert.Equal(MediaError.Truncated, Assert.Throws<InvalidMediaException>(() => fixture.Sign(bytes)).Error);
    }

    [Fact]
    public void An_id3_size_beyond_the_file_is_truncated()
    {
        var mp3 = Mp3(Frame("TIT2", [3, .. "x"u8]));
        Id3Tag.WriteSynchsafe(mp3.AsSpan(6), 1 << 27);
        Assert.Equal(MediaError.Truncated, Refused(mp3).Error);
    }

    [Fact]
    public void An_id3_size_that_is_not_synchsafe_is_corrupt()
    {
        var mp3 = Mp3(Frame("TIT2", [3, .. "x"u8]));
        mp3[9] = 0xFF;
        Assert.Equal(MediaError.Corrupt, Refused(mp3).Error);
    }

    [Fact]
    public void A_frame_running_past_its_tag_is_corrupt()
    {
        var frame = Frame("TIT2", [3, .. "x"u8]);
        Id3Tag.WriteSynchsafe(frame.AsSpan(4), 1000);
        Assert.Equal(MediaError.Corrupt, Refused(Mp3(frame)).Error);
    }

    [Fact]
    public void An_unknown_id3_version_is_unsupported()
    {
        var mp3 = Mp3();
        mp3[3] = 5;
        Assert.Equal(MediaError.UnsupportedFormat, Refused(mp3).Error);
    }

    [Fact]
    public void Two_c2pa_geob_frames_are_refused_as_c2pa_rs_does()
    {
        var store = SignedStore();
        var geob = Frame("GEOB", Id3Payloads.Geob(store));
        var result = Validator.Value.Validate(Mp3(geob, geob));
        // The container parses, but which store to trust cannot be told: a general error, no state.
        Assert.Contains(StatusCodes.GeneralError, result.FailureCodes);
        Assert.NotEqual(ValidationState.Trusted, result.State);
    }

    [Fact]
    public void A_tag_with_nothing_after_it_is_truncated()
    {
        var mp3 = Mp3(Frame("TIT2", [3, .. "x"u8]));
        Assert.Equal(MediaError.Truncated, Refused(mp3[..^68]).Error);
    }

    [Fact]
    public void A_flac_metadata_block_past_the_end_is_truncated()
    {
        byte[] flac = [.. "fLaC"u8, 0x00, 0x00, 0x00, 34, .. new byte[34], 0x84, 0x00, 0x10, 0x00, 1, 2, 3];
        Assert.True(FlacHandler.Instance.Matches(flac));
        Assert.Equal(MediaError.Truncated, Refused(flac).Error);
    }

    [Fact]
    public void A_flac_stream_without_streaminfo_is_corrupt()
    {
        byte[] flac = [.. "fLaC"u8, 0x84, 0x00, 0x00, 0x04, 1, 2, 3, 4];
        Assert.Equal(MediaError.Corrupt, Refused(flac).Error);
    }

    [Fact]
    public void Every_truncation_of_a_signed_file_gives_a_typed_error_or_a_result()
    {
        using var fixture = new Pipeline.PipelineFixture();
        foreach (var file in new[] { Wav(), Mp3(Frame("TIT2", [3, .. "x"u8])) })
        {
            var signed = fixture.Sign(file).Bytes;
            for (int length = 0; length < signed.Length; length += 7)
            {
                try
                {
                    Validator.Value.Validate(signed.AsSpan(0, length));
                }
                catch (InvalidMediaException)
                {
                    // typed refusal: fine
                }
            }
        }
    }

    [Fact]
    public void The_handlers_tell_mp3_from_id3_tagged_flac_when_they_see_past_the_tag()
    {
        var tag = Mp3(Frame("TIT2", [3, .. "x"u8]))[..22]; // header 10 + frame 12
        byte[] flac = [.. tag, .. "fLaC"u8];
        Assert.True(FlacHandler.Instance.Matches(flac));
        Assert.False(Mp3Handler.Instance.Matches(flac));
        Assert.True(Mp3Handler.Instance.Matches(Mp3()));
        Assert.False(Mp3Handler.Instance.Matches([0xFF, 0xF1, 0x50, 0x80])); // AAC ADTS, not MPEG layer III
    }

    private static byte[] SignedStore()
    {
        using var fixture = new Pipeline.PipelineFixture();
        var signed = fixture.Sign(Wav()).ManifestStore;
        return signed;
    }
}
