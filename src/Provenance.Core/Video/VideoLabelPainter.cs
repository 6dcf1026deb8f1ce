using Provenance.Core.Labeling.Explicit;

namespace Provenance.Core.Video;

/// <summary>
/// Puts an explicit label on the raw yuv420p frames of <see cref="VideoWatermarker"/>, before each frame is
/// watermarked: the plate drawn once by <see cref="LabelRenderer"/> (the renderer images use, sized from the frame),
/// grown to the 2 x 2 chroma grid, its greys written as luma in the limited (TV) range that the re-encode declares
/// (16 + 219 x grey / 255) and neutral chroma (128) under it. Which frames carry it follows the label's
/// <see cref="LabelSpan"/>: the opening frames covering at least <see cref="LabelSpans.MinSeconds"/> s, the same
/// at the end (counted back from the frame count ffprobe declares), or every frame. The frames that were labelled
/// are recorded as they pass, so the manifest states what was done, not what was planned.
/// </summary>
internal sealed class VideoLabelPainter
{
    private readonly LabelRaster _raster;
    private readonly byte[] _luma;
    private readonly int _width;
    private readonly int _height;
    private readonly double _framesPerSecond;
    private readonly LabelSpan _span;
    private readonly int _spanFrames;
    private readonly long _endStart;
    private readonly List<(int First, int Last)> _runs = [];

    private VideoLabelPainter(ExplicitLabel label, VideoInfo info)
    {
        _width = info.Width;
        _height = info.Height;
        _framesPerSecond = info.FramesPerSecond;
        _span = label.Span;
        _raster = LabelRenderer.Render(label, info.Width, info.Height).Aligned(2, 2, info.Width, info.Height);
        _luma = new byte[_raster.Grey.Length];
        for (int i = 0; i < _luma.Length; i++)
        {
            _luma[i] = (byte)(16 + (219 * _raster.Grey[i] + 127) / 255);
        }
        // ceil, so that the labelled frames last at least MinSeconds at the clip's frame rate (a little tolerance for
        // rates such as 30000/1001 whose product is a hair above an integer).
        _spanFrames = Math.Max(1, (int)Math.Ceiling(LabelSpans.MinSeconds * info.FramesPerSecond - 1e-6));
        long total = info.FrameCount ?? (long)Math.Round(info.DurationSeconds * info.FramesPerSecond);
        _endStart = label.Span == LabelSpan.OpeningAndEnd ? Math.Max(0, total - _spanFrames) : long.MaxValue;
    }

    /// <summary>
    /// A painter for frames of <paramref name="info"/>. Throws <see cref="InvalidMediaException"/>
    /// (<see cref="MediaError.TooSmall"/>) when the label does not fit the frame and <see cref="InvalidLabelException"/>
    /// when the font lacks a character.
    /// </summary>
    public static VideoLabelPainter Create(ExplicitLabel label, VideoInfo info)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(info);
        return new VideoLabelPainter(label, info);
    }

    /// <summary>Labels <paramref name="frame"/> (raw yuv420p) when frame number <paramref name="index"/> is in the span.</summary>
    public bool Paint(byte[] frame, int index)
    {
        if (!Covers(index))
        {
            return false;
        }
        int chromaWidth = _width / 2, chromaHeight = _height / 2;
        for (int row = 0; row < _raster.Height; row++)
        {
            _luma.AsSpan(row * _raster.Width, _raster.Width).CopyTo(frame.AsSpan((_raster.Y + row) * _width + _raster.X, _raster.Width));
        }
        int lumaSize = _width * _height, chromaSize = chromaWidth * chromaHeight;
        for (int row = _raster.Y / 2; row < (_raster.Y + _raster.Height + 1) / 2; row++)
        {
            int offset = row * chromaWidth + _raster.X / 2, count = (_raster.Width + 1) / 2;
            frame.AsSpan(lumaSize + offset, count).Fill(128);
            frame.AsSpan(lumaSize + chromaSize + offset, count).Fill(128);
        }
        if (_runs.Count > 0 && _runs[^1].Last == index - 1)
        {
            _runs[^1] = (_runs[^1].First, index);
        }
        else
        {
            _runs.Add((index, index));
        }
        return true;
    }

    private bool Covers(int index) => _span == LabelSpan.Throughout || index < _spanFrames || index >= _endStart;

    /// <summary>What was drawn: the plate in frame pixels and the frames, as runs with the time they cover.</summary>
    public DrawnLabel Drawn() => DrawnLabel.From(_raster) with
    {
        Span = _span.Name(),
        Times = _runs.Select(r => new LabelTimeRange(r.First, r.Last, r.First / _framesPerSecond, (r.Last + 1) / _framesPerSecond)).ToList(),
    };
}
