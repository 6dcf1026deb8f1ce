using System.Diagnostics;
using System.Runtime.InteropServices;
using Provenance.Core.External;

namespace Provenance.Core.Audio;

/// <summary>
/// One channel of float samples that an ffmpeg decode is still writing to its stdout: a reader may wait for the first
/// n samples and work on them while the rest arrive. Verify's watermark detection reads the first 10-second segment
/// while ffmpeg decodes the next ones, and Sign's read-back stops the decode as soon as the mark is found.
/// The buffer is allocated once at the caller's bound (seconds x rate), and output past it kills ffmpeg; every wait
/// is bounded by the decode's timeout. Thread-safe for one producer (the reading task) and any number of readers.
/// </summary>
internal sealed class ProgressiveAudio : IDisposable
{
    private readonly byte[] _bytes;
    private readonly Process _process;
    private readonly Task<string> _errors;
    private readonly Task _reading;
    private readonly DateTime _deadline;
    private readonly string _tool;
    private readonly object _gate = new();
    private int _filled;
    private bool _ended;
    private bool _cut;
    private PcmAudio? _complete;

    /// <summary>
    /// Starts <paramref name="tool"/>, which must write mono f32le at <paramref name="sampleRate"/> to stdout; with
    /// <paramref name="fedByCaller"/>, it reads what the caller writes to <see cref="Input"/>.
    /// </summary>
    public ProgressiveAudio(string tool, IEnumerable<string> arguments, int sampleRate, long maxBytes, TimeSpan timeout, bool fedByCaller = false)
    {
        _tool = tool;
        SampleRate = sampleRate;
        _bytes = new byte[maxBytes - (maxBytes % sizeof(float))];
        _deadline = DateTime.UtcNow + timeout;
        _process = FfmpegTool.Start(tool, arguments, redirectInput: fedByCaller);
        Input = fedByCaller ? _process.StandardInput.BaseStream : null;
        _errors = FfmpegTool.ReadBoundedAsync(_process.StandardError, 4096);
        _reading = Task.Run(ReadAsync);
    }

    public int SampleRate { get; }

    /// <summary>The decoder's stdin, when the caller feeds it; writes fail with <see cref="IOException"/> once it has stopped.</summary>
    public Stream? Input { get; }

    /// <summary>
    /// Waits until the first <paramref name="count"/> samples are in, or the decode has ended with fewer; returns how
    /// many of them there are. Throws <see cref="TimeoutException"/> (and stops ffmpeg) past the decode's deadline.
    /// </summary>
    public int WaitFor(int count)
    {
        lock (_gate)
        {
            while (_filled / sizeof(float) < count && !_ended)
            {
                var left = _deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left))
                {
                    Stop();
                    throw new TimeoutException($"{_tool} did not finish within the decode's time limit.");
                }
            }
            return Math.Min(count, _filled / sizeof(float));
        }
    }

    /// <summary>Samples [start, start + length), which a <see cref="WaitFor"/> must have covered.</summary>
    public ReadOnlySpan<float> Span(int start, int length)
    {
        lock (_gate)
        {
            if (start < 0 || length < 0 || (long)(start + length) * sizeof(float) > _filled)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "The samples asked for have not been decoded.");
            }
        }
        return MemoryMarshal.Cast<byte, float>(_bytes.AsSpan(start * sizeof(float), length * sizeof(float)));
    }

    /// <summary>
    /// Waits for the decode to end and returns all of it, or throws as a whole decode would: Corrupt when ffmpeg
    /// failed, TooLarge when it wrote past the bound, <see cref="TimeoutException"/> past the deadline.
    /// </summary>
    public PcmAudio Complete()
    {
        if (_complete is not null)
        {
            return _complete;
        }
        WaitFor(int.MaxValue);
        var left = _deadline - DateTime.UtcNow;
        if (!_process.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
        {
            Stop();
            throw new TimeoutException($"{_tool} did not finish within the decode's time limit.");
        }
        _process.WaitForExit(); // lets the redirected streams drain
        if (_cut)
        {
            throw new InvalidMediaException(MediaError.TooLarge, "The decoded audio is longer than the file declares.");
        }
        if (_process.ExitCode != 0)
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"{_tool} could not process the audio: {_errors.GetAwaiter().GetResult().Trim()}");
        }
        var samples = new float[_filled / sizeof(float)];
        Buffer.BlockCopy(_bytes, 0, samples, 0, samples.Length * sizeof(float));
        _complete = new PcmAudio(samples, 1, SampleRate);
        return _complete;
    }

    /// <summary>Stops the decode if it is still running (a reader that has what it needs) and releases the process.</summary>
    public void Dispose()
    {
        Stop();
        try
        {
            _reading.Wait();
        }
        catch (AggregateException)
        {
            // The pipe closed under the read: what was read is what there is.
        }
        _process.Dispose();
    }

    /// <summary>Stops the decode if it is still running: the reader has what it needs.</summary>
    public void Stop() => FfmpegTool.KillQuietly(_process);

    private async Task ReadAsync()
    {
        var stdout = _process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                int at;
                lock (_gate)
                {
                    at = _filled;
                }
                if (at == _bytes.Length)
                {
                    // Full at the bound: one more byte means the decode runs past it.
                    var probe = new byte[1];
                    if (await stdout.ReadAsync(probe).ConfigureAwait(false) > 0)
                    {
                        _cut = true;
                        Stop();
                    }
                    break;
                }
                int read = await stdout.ReadAsync(_bytes.AsMemory(at)).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                lock (_gate)
                {
                    _filled += read;
                    Monitor.PulseAll(_gate);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _ended = true;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
