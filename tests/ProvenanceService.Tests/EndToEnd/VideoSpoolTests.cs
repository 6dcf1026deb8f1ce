using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Contracts.V1;
using Provenance.Testing;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// Streamed videos go to disk, not memory (issue 14, large files): a service whose in-memory file limit
/// (<c>Limits:MaxFileBytes</c>, 64 KiB here) is far below the clip still signs and verifies it through SignStream and
/// VerifyStream; <c>Limits:MaxVideoBytes</c> and <c>Limits:MaxVideoSeconds</c> refuse before any frame is decoded; and
/// the service's temporary folder (its TMPDIR, private to this class) is empty after every call, including one the
/// caller cancels while the clip is being signed.
/// </summary>
public sealed class VideoSpoolTests(VideoSpoolTests.SpoolService service) : IClassFixture<VideoSpoolTests.SpoolService>
{
    private const int ChunkSize = 64 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_clip_above_the_in_memory_limit_is_signed_and_verified_through_the_streams_and_leaves_no_temporary_file()
    {
        Assert.True(service.Clip.Length > 4 * SpoolService.MaxFileBytes, $"the clip is {service.Clip.Length} bytes");

        var (header, signed) = await SignStreamAsync(service.Clip);
        Assert.Equal("video/mp4", header.MimeType);
        Assert.True(signed.Length > SpoolService.MaxFileBytes);

        var verify = await VerifyStreamAsync(signed);
        Assert.Equal(Verdict.Verified, verify.Verdict);
        Assert.Equal(header.ManifestId, verify.Manifest.ManifestId);
        Assert.Equal(header.ContentHash, verify.ContentHash);
        await service.TemporaryFolderEmptiesAsync();
    }

    [Fact]
    public async Task A_clip_over_MaxVideoBytes_is_refused_while_it_streams_in()
    {
        var large = service.Clip.Concat(new byte[SpoolService.MaxVideoBytes]).ToArray();
        var error = await Assert.ThrowsAsync<RpcException>(() => VerifyStreamAsync(large));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("limit", error.Status.Detail, StringComparison.Ordinal);
        await service.TemporaryFolderEmptiesAsync();
    }

    [Fact]
    public async Task A_clip_over_MaxVideoSeconds_is_refused_before_it_is_decoded()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => SignStreamAsync(service.LongClip));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("the limit is 3 s", error.Status.Detail, StringComparison.Ordinal);
        await service.TemporaryFolderEmptiesAsync();
    }

    [Fact]
    public async Task A_sign_cancelled_while_the_clip_is_processed_leaves_no_temporary_file()
    {
        using var cancel = new CancellationTokenSource();
        using var call = service.Client.SignStream(Bearer.Of(ExampleKeys.GeneratorKey), cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new SignStreamRequest { Header = new SignRequest { Generation = new GenerationInfo { ModelName = "spool" } } });
        foreach (var chunk in service.Clip.Chunk(ChunkSize))
        {
            await call.RequestStream.WriteAsync(new SignStreamRequest { Chunk = ByteString.CopyFrom(chunk) });
        }
        // The spool exists once the service has the first chunk: cancel only after seeing it, so the cancellation
        // reaches a call that holds temporary files.
        await service.SpoolAppearsAsync();
        await call.RequestStream.CompleteAsync();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseStream.MoveNext());
        await service.TemporaryFolderEmptiesAsync();
    }

    private async Task<(SignResponse Header, byte[] Signed)> SignStreamAsync(byte[] media)
    {
        using var call = service.Client.SignStream(Bearer.Of(ExampleKeys.GeneratorKey));
        await call.RequestStream.WriteAsync(new SignStreamRequest { Header = new SignRequest { Generation = new GenerationInfo { ModelName = "spool" } } });
        foreach (var chunk in media.Chunk(ChunkSize))
        {
            await call.RequestStream.WriteAsync(new SignStreamRequest { Chunk = ByteString.CopyFrom(chunk) });
        }
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        var header = call.ResponseStream.Current.Header;
        using var signed = new MemoryStream();
        while (await call.ResponseStream.MoveNext())
        {
            call.ResponseStream.Current.Chunk.WriteTo(signed);
        }
        return (header, signed.ToArray());
    }

    private async Task<VerifyResponse> VerifyStreamAsync(byte[] media)
    {
        using var call = service.Client.VerifyStream();
        await call.RequestStream.WriteAsync(new VerifyStreamRequest { Header = new VerifyRequest() });
        try
        {
            foreach (var chunk in media.Chunk(ChunkSize))
            {
                await call.RequestStream.WriteAsync(new VerifyStreamRequest { Chunk = ByteString.CopyFrom(chunk) });
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The service refused mid-stream; its status is in the response.
        }
        return await call.ResponseAsync;
    }

    /// <summary>A service with small limits and its own temporary folder, and the clips the tests send it.</summary>
    public sealed class SpoolService : IAsyncLifetime
    {
        public const int MaxFileBytes = 64 * 1024;
        public const int MaxVideoBytes = 4 * 1024 * 1024;

        private readonly string _clips = Directory.CreateTempSubdirectory("video-spool-clips-").FullName;
        private readonly string _temporary = Directory.CreateTempSubdirectory("video-spool-tmp-").FullName;
        private ServiceProcess? _process;
        private GrpcChannel? _channel;

        internal ProvenanceClient Client { get; private set; } = null!;

        /// <summary>2 s of box.mp4, 640x480.</summary>
        public byte[] Clip { get; private set; } = [];

        /// <summary>The same content stretched to 4 s (over the 3 s MaxVideoSeconds set here), small enough for MaxVideoBytes.</summary>
        public byte[] LongClip { get; private set; } = [];

        public async Task InitializeAsync()
        {
            var clip = Path.Combine(_clips, "box-2s.mp4");
            VideoClips.CutBox(clip);
            Clip = await File.ReadAllBytesAsync(clip);
            var longClip = Path.Combine(_clips, "box-4s.mp4");
            Ffmpeg.Run("-i", clip, "-vf", "setpts=2*PTS", "-c:v", "libx264", "-crf", "30", "-an", longClip);
            LongClip = await File.ReadAllBytesAsync(longClip);

            _process = await ServiceProcess.StartAsync(environment: new Dictionary<string, string>
            {
                ["TMPDIR"] = _temporary,
                ["Limits__MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Limits__MaxVideoBytes"] = MaxVideoBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Limits__MaxVideoSeconds"] = "3",
            });
            _channel = GrpcChannel.ForAddress(_process.Address);
            Client = new ProvenanceClient(_channel);
        }

        /// <summary>Waits until the service's temporary folder holds a spool directory.</summary>
        public Task SpoolAppearsAsync() =>
            Until(() => Directory.EnumerateDirectories(_temporary, "provenance-upload-*").Any(), "no spool appeared");

        /// <summary>
        /// Waits until the service's temporary folder holds nothing of a call (a refused or cancelled call may finish
        /// its clean-up just after the caller hears of it).
        /// </summary>
        public Task TemporaryFolderEmptiesAsync() =>
            Until(() => !Directory.EnumerateFileSystemEntries(_temporary).Any(e => Path.GetFileName(e).StartsWith("provenance-", StringComparison.Ordinal)),
                "temporary files left: " + string.Join(", ", Directory.EnumerateFileSystemEntries(_temporary, "*", SearchOption.AllDirectories)));

        private static async Task Until(Func<bool> condition, string failure)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail(failure);
                }
                await Task.Delay(50);
            }
        }

        public async Task DisposeAsync()
        {
            _channel?.Dispose();
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }
            Directory.Delete(_clips, recursive: true);
            Directory.Delete(_temporary, recursive: true);
        }
    }
}
