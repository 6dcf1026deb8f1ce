namespace ProvenanceService.Application;

/// <summary>
/// A progress sink that ends the work when the call is cancelled: the video pipeline reports progress once per
/// frame on its own thread, and throwing <see cref="OperationCanceledException"/> from there stops it within a frame
/// (its ffmpeg processes are killed and its temporary files deleted on the way out). Progress itself is not used.
/// </summary>
internal sealed class CancellingProgress(CancellationToken cancellationToken) : IProgress<double>
{
    public void Report(double value) => cancellationToken.ThrowIfCancellationRequested();
}
