using Provenance.Core.Imaging.Native;

namespace Provenance.Core.Imaging.Jpeg;

/// <summary>
/// Rewrites a baseline JPEG as a progressive one without decoding it (what `jpegtran -progressive` does, through
/// tjTransform): the same quantised coefficients, hence the same pixels, in libjpeg's default scan script with
/// Huffman tables optimised per scan. Neither coding is smaller for every picture: over the cjpeg -optimize set
/// of docs/watermark.md ("Progression and metadata") the progressive form of a signed photo was smaller for 52 of
/// 64 (by up to 8%), and up to 3.6% larger for large smooth ones (Aqua.jpg), so a caller wanting the smaller compares.
/// </summary>
internal static unsafe class JpegProgressiveTranscoder
{
    // A handle per thread, as JpegCodec's: creating one allocates libjpeg's state, and a handle is not thread-safe.
    // Reuse is safe here: every call asks for the same progression, which tjTransform sets up afresh.
    [ThreadStatic]
    private static TurboJpegHandle? t_transformer;

    /// <summary>
    /// The progressive form of <paramref name="baseline"/> (a JPEG this process encoded) when it is smaller than
    /// <paramref name="baseline"/>; null when it is not. Markers other than the frame's own (JFIF) are not copied.
    /// </summary>
    public static byte[]? SmallerProgressive(ReadOnlySpan<byte> baseline)
    {
        var handle = t_transformer ??= JpegCodec.Create(TurboJpegNative.InitTransform());
        var transform = new TurboJpegTransform
        {
            Operation = TurboJpegNative.TransformNone,
            Options = TurboJpegNative.TransformOptionProgressive | TurboJpegNative.TransformOptionCopyNone,
        };
        byte* output = null;
        nuint size = 0;
        try
        {
            fixed (byte* source = baseline)
            {
                if (TurboJpegNative.Transform(handle, source, (nuint)baseline.Length, 1, &output, &size, &transform, 0) != 0)
                {
                    throw new InvalidOperationException("TurboJPEG could not transcode the JPEG to progressive: " + TurboJpegNative.ErrorMessage(handle));
                }
            }
            return (long)size < baseline.Length ? new ReadOnlySpan<byte>(output, checked((int)size)).ToArray() : null;
        }
        finally
        {
            if (output is not null)
            {
                TurboJpegNative.Free(output);
            }
        }
    }
}
