using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Provenance.Contracts.V1;
using Provenance.Core;
using Provenance.Core.Admission;
using Provenance.Core.Audio;
using Provenance.Core.Formats.Png;
using Provenance.Core.Imaging;
using ProvenanceService.Rpc;

namespace ProvenanceService.Tests.Rpc;

/// <summary>
/// The decode memory budget (Admission:MaxDecodeBytes, Rpc/CallAdmission.cs): calls are admitted by the memory
/// their pictures' headers say the decode will take, not only by count. Large-header pictures that do not fit
/// together wait their turn, one more than the queue can hold is refused with a retry hint, while free call slots
/// remain. Calls are held inside admission by the gate; the test waits on the limiters' counts, not on time.
/// </summary>
public sealed class DecodeBudgetTests
{
    private const int Side = 2000;

    /// <summary>A valid 2000x2000 8-bit RGB PNG (all black), about 12 KB: 4 MP in the header, little on the wire.</summary>
    private static readonly ByteString LargeHeaderPng = ByteString.CopyFrom(BlackPng(Side, Side));

    [Fact]
    public void The_estimate_comes_from_the_header()
    {
        var estimate = DecodeCost.EstimateBytes(LargeHeaderPng.Span, MediaCall.Verify, MediaLimits.Default);
        Assert.Equal((long)Side * Side * (3 + ImageDecodeCost.PipelineBytesPerPixel), estimate);
        Assert.Equal(estimate, DecodeCost.EstimateBytes(LargeHeaderPng.Span, MediaCall.Sign, MediaLimits.Default));
        // What the header cannot vouch for costs its length where the pipeline refuses it before decoding: a picture
        // over the limits, and at Sign anything no format recognises. Verify hands the latter to ffmpeg as possible
        // audio, at most 45 s of it.
        Assert.Equal(LargeHeaderPng.Length, DecodeCost.EstimateBytes(LargeHeaderPng.Span, MediaCall.Verify, MediaLimits.Default with { MaxPixels = 1000 }));
        Assert.Equal(5, DecodeCost.EstimateBytes("hello"u8, MediaCall.Sign, MediaLimits.Default));
        Assert.Equal(AudioDecodeCost.Verify(null, 5, MediaLimits.Default), DecodeCost.EstimateBytes("hello"u8, MediaCall.Verify, MediaLimits.Default));
    }

    [Fact]
    public async Task Large_pictures_over_the_decode_budget_queue_then_are_refused_while_call_slots_are_free()
    {
        // 40 MB per picture (39 MiB units) against a 64 MiB budget: one runs, one waits, a third does not fit in the queue.
        var gate = new AdmissionTests.Gate();
        var (app, address) = await AdmissionTests.StartAsync(gate, maxConcurrentCalls: 4, queueLimit: 4, maxDecodeBytes: 64L << 20);
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var admission = app.Services.GetRequiredService<CallAdmission>();

            var first = client.VerifyAsync(new VerifyRequest { Media = LargeHeaderPng }).ResponseAsync;
            await gate.EnteredAsync(1);
            var second = client.VerifyAsync(new VerifyRequest { Media = LargeHeaderPng }).ResponseAsync;
            while (admission.MemoryStatistics!.CurrentQueuedCount == 0)
            {
                await Task.Delay(10); // until the second waits for decode budget
            }
            Assert.Equal(2, 4 - admission.Statistics!.CurrentAvailablePermits); // it holds a call slot while it waits

            var third = await Assert.ThrowsAsync<RpcException>(() => client.VerifyAsync(new VerifyRequest { Media = LargeHeaderPng }).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, third.StatusCode);
            Assert.Contains("decode budget", third.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("1000", third.Trailers.GetValue(CallAdmission.RetryPushbackTrailer));
            Assert.Equal(2, 4 - admission.Statistics!.CurrentAvailablePermits); // the refused call gave its slot back

            gate.Release(1);
            Assert.NotEqual(Verdict.Unspecified, (await first).Verdict);
            await gate.EnteredAsync(1); // the waiting picture got the budget the first gave back
            gate.Release(1);
            Assert.NotEqual(Verdict.Unspecified, (await second).Verdict);
            Assert.Equal(64, admission.MemoryStatistics!.CurrentAvailablePermits);
        }
        finally
        {
            gate.ReleaseAll();
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_picture_above_the_whole_budget_runs_alone()
    {
        var gate = new AdmissionTests.Gate();
        var (app, address) = await AdmissionTests.StartAsync(gate, maxConcurrentCalls: 4, queueLimit: 4, maxDecodeBytes: 16L << 20);
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var admission = app.Services.GetRequiredService<CallAdmission>();
            var first = client.VerifyAsync(new VerifyRequest { Media = LargeHeaderPng }).ResponseAsync;
            await gate.EnteredAsync(1);
            Assert.Equal(0, admission.MemoryStatistics!.CurrentAvailablePermits);
            gate.Release(1);
            Assert.NotEqual(Verdict.Unspecified, (await first).Verdict);
        }
        finally
        {
            gate.ReleaseAll();
            await app.StopAsync();
        }
    }

    private static byte[] BlackPng(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bits per sample
        ihdr[9] = 2; // RGB
        using var zlib = new MemoryStream();
        using (var deflate = new ZLibStream(zlib, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + width * 3]; // filter byte 0, then black samples
            for (var y = 0; y < height; y++)
            {
                deflate.Write(row);
            }
        }
        return [.. PngLayout.Signature, .. PngLayout.BuildChunk(PngChunkType.Ihdr, ihdr),
            .. PngLayout.BuildChunk(PngChunkType.Idat, zlib.ToArray()), .. PngLayout.BuildChunk(PngChunkType.Iend, [])];
    }
}
