using System.Diagnostics;
using System.Runtime.InteropServices;
using Provenance.Core.External;
using Provenance.Core.Formats;

namespace Provenance.Core.Audio;

/// <summary>
/// One ffmpeg encoding samples, written to it piece by piece, into a file of the input's format with the input's
/// settings (codec, sample format, sample rate, channels, bit rate). Sign writes the first seconds while it is still
/// marking the rest, so the encode, the longest step, starts early.
/// <para>
/// With a read-back, the encoder's tee muxer also writes the same encoded packets, as NUT, to its stdout, and a second
/// ffmpeg decodes them to one 16 kHz channel (<see cref="ReadBack"/>) while the encode goes on: the mark is looked for
/// in what the file holds without waiting for the file. The NUT copy lacks only what the file's header says about the
/// encoder's priming samples, so the read-back hears the sound a few milliseconds later than a player of the file
/// would; the detector finds the mark at any offset.
/// </para>
/// Every run is bounded by <see cref="AudioReencoder.Timeout"/>, after which both processes are killed.
/// </summary>
internal sealed class AudioEncoding : IDisposable
{
    private readonly Process _encoder;
    private readonly Stream _stdin;
    private readonly Task<string> _errors;
    private readonly Task _pump;
    private readonly CancellationTokenSource _deadline;
    private bool _writeFailed;
    private bool _disposed;

    private AudioEncoding(List<string> arguments, string? readBackContainer)
    {
        _encoder = FfmpegTool.Start("ffmpeg", arguments, redirectInput: true);
        _stdin = _encoder.StandardInput.BaseStream;
        _errors = FfmpegTool.ReadBoundedAsync(_encoder.StandardError, 4096);
        _deadline = new CancellationTokenSource(AudioReencoder.Timeout);
        _deadline.Token.Register(() => FfmpegTool.KillQuietly(_encoder));
        if (readBackContainer is not null)
        {
            long maxBytes = (long)Math.Ceiling((IAudioWatermark.DetectionSeconds + 1) * IAudioWatermark.DetectionSampleRate * sizeof(float));
            ReadBack = new ProgressiveAudio("ffmpeg", ["-v", "error", "-f", readBackContainer, "-i", "pipe:0", "-map", "0:a:0",
                "-t", AudioReencoder.Text((long)IAudioWatermark.DetectionSeconds), "-f", "f32le", "-acodec", "pcm_f32le",
                "-ar", AudioReencoder.Text(IAudioWatermark.DetectionSampleRate), "-ac", "1", "pipe:1"],
                IAudioWatermark.DetectionSampleRate, maxBytes, AudioReencoder.Timeout, fedByCaller: true);
        }
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The encoded sound as the read-back hears it (one channel at <see cref="IAudioWatermark.DetectionSampleRate"/>), when asked for.</summary>
    public ProgressiveAudio? ReadBack { get; }

    /// <summary>
    /// Starts encoding samples at <paramref name="sampleRate"/> and <paramref name="channels"/> (what the decode gave,
    /// plus any audible label) into <paramref name="outputPath"/> as <paramref name="format"/> with
    /// <paramref name="info"/>'s settings, and the tags (title, artist, album, ...) and cover art of the file at
    /// <paramref name="sourcePath"/>, when given. Throws <see cref="InvalidMediaException"/> when the input's codec is
    /// not one this format is re-encoded with here.
    /// </summary>
    public static AudioEncoding Start(AudioStreamInfo info, AssetFormat format, int sampleRate, int channels, string outputPath, bool readBack,
        string? sourcePath = null)
    {
        var (encoder, muxer) = (format, info.Codec) switch
        {
            (AssetFormat.Wav, var pcm) when pcm.StartsWith("pcm_", StringComparison.Ordinal) => (pcm, "wav"),
            (AssetFormat.Mp3, "mp3") => ("libmp3lame", "mp3"),
            (AssetFormat.Flac, "flac") => ("flac", "flac"),
            (AssetFormat.M4a, "aac") => ("aac", "ipod"),
            (AssetFormat.M4a, "alac") => ("alac", "ipod"),
            _ => throw new InvalidMediaException(MediaError.UnsupportedFormat,
                $"A {format} file whose audio is {info.Codec} cannot be re-encoded with its own settings here."),
        };
        // With a second input (the source's tags) ffmpeg reads each input on its own thread through a queue of 8
        // packets by default, which stalled the samples Sign writes while it marks: the 60 s bench's Sign went from
        // 1.41 to 1.57 times ffmpeg's decode+encode. 512 packets (1024 frames each: 4 MB of stereo floats) took it back.
        var arguments = new List<string>
        {
            "-v", "error", "-y", "-thread_queue_size", "512", "-f", "f32le", "-ar", AudioReencoder.Text(sampleRate), "-ac", AudioReencoder.Text(channels), "-i", "pipe:0",
        };
        if (sourcePath is null)
        {
            arguments.AddRange(["-map", "0:a", "-map_metadata", "-1"]);
        }
        else
        {
            // A signed song keeps its title, artist, album and cover: the re-encode writes a fresh container, which
            // used to drop them. Any AIGC tag the source carried is not copied (Sign writes its own label; a stale one
            // left in a FLAC's comments, say, would contradict it). Cover art is an attached picture stream, copied.
            arguments.AddRange(["-i", sourcePath, "-map", "0:a", "-map_metadata", "1", "-metadata", "AIGC="]);
            if (format is not AssetFormat.Wav)
            {
                arguments.AddRange(["-map", "1:v?", "-c:v", "copy"]);
            }
        }
        arguments.AddRange(["-c:a", encoder, "-ar", AudioReencoder.Text(info.SampleRate), "-ac", AudioReencoder.Text(info.Channels)]);
        if (info.BitRate is { } bitRate && TakesBitRate(encoder))
        {
            arguments.AddRange(["-b:a", AudioReencoder.Text(bitRate)]);
        }
        // The lossless codecs keep the input's sample depth (FLAC's s32 and ALAC's s32p are written as 24-bit when the
        // input's samples were).
        if (info.SampleFormat is { } sampleFormat && encoder is "flac" or "alac")
        {
            arguments.AddRange(["-sample_fmt", sampleFormat]);
        }
        // The read-back hears the encoded packets through a pipe in NUT, which has no codec tag for ALAC; Matroska does.
        string? readBackContainer = !readBack ? null : encoder == "alac" ? "matroska" : "nut";
        if (readBackContainer is not null)
        {
            // The tee cannot know whether its outputs want the codec's global header (the MP4 muxer does); asking for
            // it writes the same file as the muxer alone would.
            arguments.AddRange(["-flags", "+global_header", "-f", "tee", $"[f={muxer}]{TeeEscape(outputPath)}|[f={readBackContainer}:select=a]pipe:1"]);
        }
        else
        {
            arguments.AddRange(["-f", muxer, outputPath]);
        }
        return new AudioEncoding(arguments, readBackContainer);
    }

    /// <summary>Whether ffmpeg's <paramref name="encoder"/> is a lossy one, which is given the input's bit rate (PCM, FLAC and ALAC have none to set).</summary>
    internal static bool TakesBitRate(string encoder) =>
        !encoder.StartsWith("pcm_", StringComparison.Ordinal) && encoder is not ("flac" or "alac");

    /// <summary>Hands the encoder interleaved samples; blocks while it is busy. After a failed write the rest is dropped and <see cref="Finish"/> reports why.</summary>
    public void Write(ReadOnlySpan<float> samples)
    {
        if (_writeFailed)
        {
            return;
        }
        try
        {
            _stdin.Write(MemoryMarshal.AsBytes(samples));
        }
        catch (IOException)
        {
            _writeFailed = true; // the encoder stopped reading: its exit code and stderr say why
        }
    }

    /// <summary>
    /// Ends the input and waits for the file to be complete. Throws <see cref="InvalidMediaException"/> (Corrupt)
    /// when ffmpeg failed and <see cref="TimeoutException"/> when it was stopped at the deadline.
    /// </summary>
    public void Finish()
    {
        try
        {
            _stdin.Close();
        }
        catch (IOException)
        {
            // as in Write
        }
        _encoder.WaitForExit();
        _pump.GetAwaiter().GetResult();
        if (_encoder.ExitCode != 0 && _deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"ffmpeg did not finish within {AudioReencoder.Timeout.TotalSeconds:0} s.");
        }
        if (_encoder.ExitCode != 0)
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"ffmpeg could not process the audio: {_errors.GetAwaiter().GetResult().Trim()}");
        }
    }

    /// <summary>Stops both processes if they are still running.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        FfmpegTool.KillQuietly(_encoder);
        try
        {
            _pump.Wait();
        }
        catch (AggregateException)
        {
            // The pipe closed under the read: nothing is left to carry.
        }
        ReadBack?.Dispose();
        _deadline.Dispose();
        _encoder.Dispose();
    }

    /// <summary>
    /// Carries the encoder's stdout (the NUT copy, or nothing) to the read-back's decoder until the encoder ends, then
    /// closes the decoder's input. Once the decoder has stopped (the mark was found, or it read its seconds) the rest is
    /// drained and dropped, since the encoder would otherwise block on a full pipe.
    /// </summary>
    private async Task PumpAsync()
    {
        var stdout = _encoder.StandardOutput.BaseStream;
        var sink = ReadBack?.Input;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await stdout.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (sink is null)
            {
                continue;
            }
            try
            {
                await sink.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                sink = null;
            }
        }
        try
        {
            sink?.Close();
        }
        catch (IOException)
        {
            // the decoder has stopped
        }
    }

    /// <summary>A path as one output of ffmpeg's tee muxer, whose list syntax gives <c>\ ' | [ ]</c> a meaning.</summary>
    private static string TeeEscape(string path)
    {
        var escaped = new System.Text.StringBuilder(path.Length);
        foreach (char c in path)
        {
            if (c is '\\' or '\'' or '|' or '[' or ']')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
