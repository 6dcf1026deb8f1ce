using System.ComponentModel.DataAnnotations;

namespace ProvenanceService.Options;

/// <summary>Watermark strength (configuration section "Watermark"); the key itself is a file of the key set.</summary>
internal sealed class WatermarkSettings
{
    public const string Section = "Watermark";

    /// <summary>Nominal PSNR of the marked pixels against the input, in dB.</summary>
    [Range(30, 60)]
    public double TargetPsnrDb { get; set; } = 42.5;

    [Range(30, 60)]
    public double MinPsnrDb { get; set; } = 40.5;

    [Range(30, 60)]
    public double MaxPsnrDb { get; set; } = 46;
}
