namespace Provenance.Core.Video.Evaluation;

/// <summary>
/// One attack of the video robustness harness, made by ffmpeg on a segment of the marked clip: the output
/// arguments that follow <c>-ss OFFSET -t SECONDS -i marked</c> (filters, codec, rate), and the container's file
/// extension. <paramref name="AppliesTo"/> says whether the attack means anything for a clip (a platform does
/// not "downscale" a 480-line clip to 720 lines); null applies to every clip.
/// </summary>
internal sealed record VideoAttack(
    string Name,
    string Extension,
    Func<VideoInfo, IReadOnlyList<string>> Arguments,
    Func<VideoInfo, bool>? AppliesTo = null)
{
    public bool Applies(VideoInfo info) => AppliesTo?.Invoke(info) ?? true;
}
