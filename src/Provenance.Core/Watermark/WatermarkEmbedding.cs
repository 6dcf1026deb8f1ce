namespace Provenance.Core.Watermark;

/// <summary>What an embedding did: the PSNR of the marked pixels against the input (RGB, 8-bit) and the waxel size.</summary>
public sealed record WatermarkEmbedding(double PsnrDb, double WaxelSize);
