namespace Provenance.Core;

/// <summary>
/// Bounds applied to untrusted media before any parsing or pixel allocation. Hosts bind it from configuration;
/// <see cref="Default"/> is what the service uses when nothing is configured.
/// </summary>
public sealed record MediaLimits
{
    private readonly long _maxFileBytes = 100L * 1024 * 1024;
    private readonly long _maxPixels = 100_000_000;
    private readonly int _inflateSlackBytes = 64 * 1024;

    private readonly long _maxVideoBytes = 2L * 1024 * 1024 * 1024;
    private readonly double _maxVideoSeconds = 600;
    private readonly long _maxVideoPixels = 4096L * 2160;

    public static MediaLimits Default { get; } = new();

    /// <summary>
    /// Largest accepted video (or other streamed container) file, in bytes (default 2 GiB). Videos are spooled to a
    /// temporary file and read as streams, so this bounds disk and time, not memory.
    /// </summary>
    public long MaxVideoBytes
    {
        get => _maxVideoBytes;
        init => _maxVideoBytes = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxVideoBytes), value, "Must be positive.");
    }

    /// <summary>Longest accepted video, in seconds of the container's declared duration (default 600), checked before decoding.</summary>
    public double MaxVideoSeconds
    {
        get => _maxVideoSeconds;
        init => _maxVideoSeconds = value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxVideoSeconds), value, "Must be positive and finite.");
    }

    /// <summary>
    /// Largest accepted video frame, width x height as displayed (default 4096x2160 = 8,847,360 pixels: DCI 4K, and UHD
    /// fits), checked from the probe before any frame is decoded. Far below <see cref="MaxPixels"/> because a clip's
    /// memory follows its frame, not its file: Sign runs an x264 or x265 encoder whose lookahead holds dozens of frames
    /// (about 0.7 GiB at 1080p, measured in docs/video.md), and a small file can declare an 8K frame.
    /// </summary>
    public long MaxVideoPixels
    {
        get => _maxVideoPixels;
        init => _maxVideoPixels = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxVideoPixels), value, "Must be positive.");
    }

    /// <summary>Largest accepted file, in bytes (default 100 MiB).</summary>
    public long MaxFileBytes
    {
        get => _maxFileBytes;
        init => _maxFileBytes = value > 0 && value <= Array.MaxLength
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), value, "Must be positive and fit in one array.");
    }

    /// <summary>Largest accepted width x height, checked from the header before pixels are allocated (default 100 megapixels).</summary>
    public long MaxPixels
    {
        get => _maxPixels;
        init => _maxPixels = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxPixels), value, "Must be positive.");
    }

    /// <summary>
    /// How far a compressed image stream (PNG's IDAT) may inflate past what its header's dimensions need before
    /// the file is refused, without decoding it (default 64 KiB). A valid stream inflates to exactly the need.
    /// </summary>
    public int InflateSlackBytes
    {
        get => _inflateSlackBytes;
        init => _inflateSlackBytes = value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(InflateSlackBytes), value, "Must not be negative.");
    }

    /// <summary>Throws <see cref="InvalidMediaException"/> (TooLarge) when a file of <paramref name="length"/> bytes exceeds the limit.</summary>
    public void CheckFileSize(long length)
    {
        if (length > MaxFileBytes)
        {
            throw new InvalidMediaException(MediaError.TooLarge, $"The file is {length} bytes; the limit is {MaxFileBytes}.");
        }
    }

    /// <summary>Throws <see cref="InvalidMediaException"/> (TooLarge) when a video file of <paramref name="length"/> bytes exceeds the limit.</summary>
    public void CheckVideoSize(long length)
    {
        if (length > MaxVideoBytes)
        {
            throw new InvalidMediaException(MediaError.TooLarge, $"The video is {length} bytes; the limit is {MaxVideoBytes}.");
        }
    }

    /// <summary>Throws <see cref="InvalidMediaException"/> (TooLarge) when a declared duration exceeds the limit.</summary>
    public void CheckVideoDuration(double seconds)
    {
        if (!(seconds <= MaxVideoSeconds))
        {
            throw new InvalidMediaException(MediaError.TooLarge, $"The video lasts {seconds:0.#} s; the limit is {MaxVideoSeconds:0.#} s.");
        }
    }

    /// <summary>Throws <see cref="InvalidMediaException"/> (TooLarge) when a declared image size exceeds the pixel limit.</summary>
    public void CheckDimensions(long width, long height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new InvalidMediaException(MediaError.Corrupt, $"The image declares an empty size {width}x{height}.");
        }
        if (width * height > MaxPixels)
        {
            throw new InvalidMediaException(MediaError.TooLarge,
                $"The image declares {width}x{height} = {width * height} pixels; the limit is {MaxPixels}.");
        }
    }

    /// <summary>As <see cref="CheckDimensions"/> for a video frame, against <see cref="MaxVideoPixels"/> as well.</summary>
    public void CheckVideoDimensions(long width, long height)
    {
        CheckDimensions(width, height);
        if (width * height > MaxVideoPixels)
        {
            throw new InvalidMediaException(MediaError.TooLarge,
                $"The video's frames are {width}x{height} = {width * height} pixels; the limit for video is {MaxVideoPixels}.");
        }
    }
}
