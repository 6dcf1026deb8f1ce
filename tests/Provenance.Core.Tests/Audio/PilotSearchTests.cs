using Provenance.Core.Audio.Watermark;

namespace Provenance.Core.Tests.Audio;

/// <summary>
/// The detector's fast pilot search under comb pairing (one phasor per row and band position, shared by all 72 block
/// positions, rows 72 apart folded together, all 72 positions summed at once) must score every hypothesis as reading
/// each pilot group on its own does: the same terms, summed in another order.
/// </summary>
public sealed class PilotSearchTests
{
    [Theory]
    [InlineData(50)]  // shorter than a block: the missing rows read nothing
    [InlineData(100)]
    [InlineData(217)] // three blocks and one row folded
    public void Shared_row_phasors_give_the_same_pilot_sums_as_per_group_readings(int rows)
    {
        var key = Convert.FromHexString("A0D10A0D10A0D10A0D10A0D10A0D1001");
        var layout = new MarkLayout(key, pairsPerGroup: 1, combPairing: true);
        var detector = new AudioDetector(layout, AudioWatermarkTuning.Default);
        var rng = new Random(5);
        var log = new float[rows * layout.Bands];
        for (int i = 0; i < log.Length; i++)
        {
            // Log energies spread over 6 nepers, so that some cells fall under the silence level and are skipped.
            log[i] = (float)(rng.NextDouble() * 6);
        }
        const float silence = 0.5f;
        double step = AudioWatermarkTuning.Default.Step;
        var phasors = detector.RowPhasors(log, rows, silence, [step])[0];
        var sums = new double[MarkLayout.BlockSlots];
        var counts = new int[MarkLayout.BlockSlots];
        detector.PilotSums(phasors, sums, counts);
        int read = 0;
        for (int k = 0; k < MarkLayout.BlockSlots; k++)
        {
            var slow = detector.PilotSum(log, rows, silence, k, step);
            Assert.Equal(slow.Count, counts[k]);
            Assert.Equal(slow.Sum, sums[k], 9);
            read += slow.Count;
        }
        // Over all 72 block positions every row meets every pilot group once.
        Assert.True(read < rows * layout.PilotGroups, "no silent cell was exercised");
        Assert.True(read > 0);
    }
}
