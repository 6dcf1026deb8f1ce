using Provenance.Core.Imaging;
using VideoLuma = Provenance.Core.Video.LumaPlane;

namespace Provenance.Core.Tests.Video;

public sealed class LumaPlaneTests
{
    [Fact]
    public void A_frame_row_reads_as_its_samples_and_as_256_times_them()
    {
        // 37 x 5: rows that end inside a vector, in a buffer with room after the frame (as a decode buffer has).
        const int width = 37, height = 5;
        var frame = new byte[width * height + 64];
        new Random(3).NextBytes(frame);
        ILumaSamples plane = new VideoLuma(frame, width, height);
        var luma = new ushort[width];
        for (int y = 0; y < height; y++)
        {
            var row = frame.AsSpan(y * width, width).ToArray();
            Assert.Equal(row, plane.LumaSamples(y).ToArray());
            foreach (bool useVectors in new[] { true, false })
            {
                plane.ReadLuma(y, luma, useVectors);
                Assert.Equal(row.Select(v => (ushort)(v << 8)), luma);
            }
        }
    }
}
