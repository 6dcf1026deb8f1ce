namespace Provenance.Core.Watermark;

/// <summary>What an embedding did: the PSNR of the marked pixels against the input (over the samples changed: R, G and B of a frame, Y of a JPEG's luma plane; 8-bit), the waxel size (pixels) and the amplitude scale applied to the unit pattern (levels).</summary>
public sealed record WatermarkEmbedding(double PsnrDb, double WaxelSize, double Strength)
{
    /// <summary>Predicted payload-bit SNR against host interference alone at the nominal strength (diagnostics).</summary>
    internal double HostBitSnr { get; init; }
}
