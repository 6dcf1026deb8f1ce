using System.CommandLine;

namespace Provenance.Cli.Commands;

/// <summary>`provenance bench ...`: measurement harnesses that run over a folder of real files.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measurement harnesses: robustness and quality over images, video or audio, load against a running service.");
        bench.Subcommands.Add(BenchWatermarkCommand.Create());
        bench.Subcommands.Add(BenchFingerprintCommand.Create());
        bench.Subcommands.Add(BenchJpegGrowthCommand.Create());
        bench.Subcommands.Add(BenchAudioWatermarkCommand.Create());
        bench.Subcommands.Add(BenchAudioFingerprintCommand.Create());
        bench.Subcommands.Add(BenchVideoWatermarkCommand.Create());
        bench.Subcommands.Add(BenchLoadCommand.Create());
        return bench;
    }
}
