using Provenance.Core.Formats;

namespace Provenance.Cli.Commands;

/// <summary>
/// Expands the PATH arguments: a file is taken as given (an unreadable or unsupported one is reported, not
/// skipped); a folder is searched recursively for files whose first bytes are a registered format (images, MP4,
/// MOV, and the audio formats M4A, WAV, MP3, FLAC), in name order. Files are read whole, so a video or an audio
/// file is bounded by the same file-size limit as an image here.
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
            return MediaSniffer.DetectAny(header[..read]) is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
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
