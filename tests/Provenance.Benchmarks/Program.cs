using BenchmarkDotNet.Running;
using Provenance.Benchmarks.Imaging;

// "tool-timings [rounds]" runs the imaging comparison with the tools' own in-process timings (see ToolSelfTimings);
// "sign-cpu [rounds]" Sign against decode+encode in thread CPU time (see SignCpuTimes);
// "sign-stages [rounds]" where a Sign's time goes, stage by stage (see SignStages);
// "verify-cpu [rounds]" Verify of a stripped upload against its decode in thread CPU time (see VerifyCpuTimes);
// "embed-across-photos" the watermark's speed on every large corpus photo (see EmbedAcrossPhotos);
// "video [rounds] [verify-rounds]" and "video-memory FILE" time video Sign/Verify against ffmpeg (see VideoTimings);
// "audio [rounds]" times audio Sign/Verify (AudioTimings), "audio-memory FILE" measures their memory (AudioMemory); anything else
// goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "tool-timings")
{
    ToolSelfTimings.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15);
    return;
}
if (args.Length > 0 && args[0] == "embed-across-photos")
{
    Provenance.Benchmarks.Watermark.EmbedAcrossPhotos.Run();
    return;
}
if (args.Length > 0 && args[0] == "sign-stages")
{
    Provenance.Benchmarks.Pipeline.SignStages.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}
if (args.Length > 0 && args[0] == "verify-cpu")
{
    Provenance.Benchmarks.Pipeline.VerifyCpuTimes.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15);
    return;
}
if (args.Length > 0 && args[0] == "sign-cpu")
{
    Provenance.Benchmarks.Pipeline.SignCpuTimes.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9);
    return;
}
if (args.Length > 0 && args[0] == "shaper-steps")
{
    Provenance.Benchmarks.Pipeline.ShaperSteps.Run(100);
    return;
}
if (args.Length > 0 && args[0] == "audio")
{
    Provenance.Benchmarks.Audio.AudioTimings.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}
if (args.Length > 0 && args[0] == "video")
{
    Provenance.Benchmarks.Video.VideoTimings.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 15);
    return;
}
if (args.Length > 1 && args[0] == "audio-memory")
{
    Provenance.Benchmarks.Audio.AudioMemory.Run(args[1], args.Length > 2 ? args[2] : null);
    return;
}
if (args.Length > 1 && args[0] == "video-memory")
{
    Provenance.Benchmarks.Video.VideoTimings.Memory(args[1]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
