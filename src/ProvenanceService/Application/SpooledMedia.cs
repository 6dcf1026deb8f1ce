using Provenance.Core;
using Provenance.Core.Formats;

namespace ProvenanceService.Application;

/// <summary>
/// A streamed video upload written to its own temporary folder as it arrives, so a clip of up to
/// <see cref="MediaLimits.MaxVideoBytes"/> costs disk, not memory. The signed copy is written into the same folder
/// (<see cref="SignedPath"/>); disposing deletes the folder and everything in it, whether the call finished, failed
/// or was cancelled.
/// </summary>
internal sealed class SpooledMedia : IDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly FileStream _writer;
    private bool _disposed;

    private SpooledMedia(string extension)
    {
        _directory = Directory.CreateTempSubdirectory("provenance-upload-");
        Path = System.IO.Path.Combine(_directory.FullName, "upload" + extension);
        SignedPath = System.IO.Path.Combine(_directory.FullName, "signed" + extension);
        _writer = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
    }

    /// <summary>Where the upload is (complete once <see cref="Complete"/> has run).</summary>
    public string Path { get; }

    /// <summary>Where Sign writes the signed clip; same container (and extension) as the upload.</summary>
    public string SignedPath { get; }

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>
    /// A spool for an upload whose first bytes are <paramref name="header"/>, or null when they are not an MP4/MOV video
    /// (other media stay in memory, bounded by <see cref="MediaLimits.MaxFileBytes"/>).
    /// </summary>
    public static SpooledMedia? ForVideo(ReadOnlySpan<byte> header) =>
        MediaSniffer.IsVideo(header) ? new SpooledMedia(MediaSniffer.DetectAny(header)!.Format == AssetFormat.Mov ? ".mov" : ".mp4") : null;

    /// <summary>Appends a chunk after checking the total against <see cref="MediaLimits.MaxVideoBytes"/>.</summary>
    public async Task AppendAsync(ReadOnlyMemory<byte> chunk, MediaLimits limits, CancellationToken cancellationToken)
    {
        limits.CheckVideoSize(Length + chunk.Length);
        await _writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        Length += chunk.Length;
    }

    /// <summary>Flushes and closes the upload so that readers see all of it.</summary>
    public async Task CompleteAsync()
    {
        await _writer.FlushAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _writer.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // already gone
        }
    }
}
