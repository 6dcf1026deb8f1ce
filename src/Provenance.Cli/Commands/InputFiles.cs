using Provenance.Core.Audio;
using Provenance.Core.Formats;

namespace Provenance.Cli.Commands;

/// <summary>
/// Expands the PATH arguments: a file is taken as given (an unreadable or unsupported one is reported, not
/// skipped); a folder is searched recursively for files whose first bytes are a registered format (JPEG, PNG, WebP,
/// MP4, MOV, and the audio formats M4A, WAV, MP3, FLAC) or a common audio container verified by its watermark only
/// (Ogg, WebM, AAC, AIFF, CAF), in name order. Images and audio are read whole, within the
/// file-size limit; videos (<see cref="IsVideo"/>) are streamed from disk by their callers, within the video size
/// limit (<see cref="CheckVideo"/>).
/// </summary>
internal static class InputFiles
{
    public static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    if (IsSupportedMedia(file))
                    {
                        yield return file;
                    }
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static bool IsSupportedMedia(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            Span<byte> header = stackalloc byte[MediaSniffer.HeaderLength];
            var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            return MediaSniffer.DetectAny(header[..read]) is not null || DecodableAudio.HasCommonSignature(header[..read]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True when the file starts as an MP4 or MOV video (false when it cannot be read: reading it reports why).</summary>
    public static bool IsVideo(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> header = stackalloc byte[MediaSniffer.HeaderLength];
            var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            return MediaSniffer.IsVideo(header[..read]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Null when the video at <paramref name="path"/> is within <paramref name="maxBytes"/>, else why not.</summary>
    public static string? CheckVideo(string path, long maxBytes)
    {
        var length = new FileInfo(path).Length;
        return length > maxBytes ? $"the video is {length} bytes; the limit is {maxBytes}" : null;
    }

    /// <summary>Reads a file within the size limit; null with a message when it cannot be read.</summary>
    public static byte[]? TryRead(string path, long maxBytes, out string? error)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                error = Directory.Exists(path) ? "is a folder with no images, videos or audio files" : "no such file";
                return null;
            }
            if (info.Length > maxBytes)
            {
                error = $"the file is {info.Length} bytes; the limit is {maxBytes}";
                return null;
            }
            error = null;
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
    }
}
