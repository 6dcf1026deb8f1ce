using System.Diagnostics;

namespace Provenance.Core.Audio.Watermark.Evaluation;

/// <summary>One clip of the harness's corpus.</summary>
internal sealed record AudioClip(string Name, string Kind, PcmAudio Audio);

/// <summary>
/// The harness's corpus from a folder like ../shared/corpus/audio: the short voice WAVs concatenated (with 0.25 s
/// gaps, repeated) to at least <c>minSeconds</c>; every other file decoded as is (music), up to <c>maxSeconds</c>;
/// and speech synthesised by espeak-ng in several languages, Mandarin included.
/// </summary>
internal static class AudioCorpus
{
    /// <summary>espeak-ng voice and a text of about 15-20 s.</summary>
    public static IReadOnlyList<(string Voice, string Text)> Speech { get; } =
    [
        ("en", "The committee met on Tuesday morning to review the budget for the coming year. After a long discussion about the new library, the roads and the school buildings, the members agreed to postpone the final vote until the next meeting in March."),
        ("de", "Am Dienstagmorgen traf sich der Ausschuss, um den Haushalt für das kommende Jahr zu prüfen. Nach einer langen Diskussion über die neue Bibliothek, die Straßen und die Schulgebäude einigten sich die Mitglieder darauf, die Abstimmung zu verschieben."),
        ("fr", "Le comité s'est réuni mardi matin pour examiner le budget de l'année prochaine. Après une longue discussion sur la nouvelle bibliothèque, les routes et les bâtiments scolaires, les membres ont décidé de reporter le vote final à la prochaine réunion."),
        ("es", "El comité se reunió el martes por la mañana para revisar el presupuesto del próximo año. Después de una larga discusión sobre la nueva biblioteca, las carreteras y los edificios escolares, los miembros acordaron aplazar la votación final."),
        ("cmn", "委员会星期二上午开会，审查明年的预算。在对新图书馆、道路和学校建筑进行了长时间的讨论之后，委员们同意把最后的表决推迟到三月份的下一次会议。大家认为还需要更多的资料。"),
        ("ru", "Комитет собрался во вторник утром, чтобы рассмотреть бюджет на следующий год. После долгого обсуждения новой библиотеки, дорог и школьных зданий члены комитета решили отложить окончательное голосование до следующего заседания."),
    ];

    public static List<AudioClip> Load(string folder, double minSeconds, double maxSeconds, bool speech)
    {
        var clips = new List<AudioClip>();
        var files = Directory.EnumerateFiles(folder).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var voices = files.Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)).ToList();
        if (voices.Count > 0)
        {
            var parts = voices.Select(v => FfmpegAudio.DecodeFile(v, maxSeconds)).ToList();
            clips.Add(new AudioClip("voices-concatenated", "voice", Concatenate(parts, minSeconds)));
        }
        foreach (var f in files.Where(f => !f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) && !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)))
        {
            clips.Add(new AudioClip(Path.GetFileName(f), "music", FfmpegAudio.DecodeFile(f, maxSeconds)));
        }
        if (speech)
        {
            foreach (var (voice, text) in Speech)
            {
                clips.Add(new AudioClip("espeak-" + voice, "speech", Concatenate([Synthesise(voice, text)], minSeconds)));
            }
        }
        return clips;
    }

    /// <summary>Speech from espeak-ng (22.05 kHz mono), through a temporary WAV file.</summary>
    public static PcmAudio Synthesise(string voice, string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"provenance-espeak-{Guid.NewGuid():N}.wav");
        try
        {
            var start = new ProcessStartInfo("espeak-ng") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-v", voice, "-w", path, text })
            {
                start.ArgumentList.Add(a);
            }
            using var p = Process.Start(start) ?? throw new InvalidOperationException("espeak-ng did not start.");
            p.StandardOutput.ReadToEnd();
            string err = p.StandardError.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromMinutes(1)) || p.ExitCode != 0)
            {
                throw new InvalidOperationException($"espeak-ng failed for voice {voice}: {err.Trim()}");
            }
            return FfmpegAudio.DecodeFile(path, 120);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The parts one after another with 0.25 s of silence between, repeated until <paramref name="minSeconds"/>.
    /// All parts must share rate and channels (the first part's are used).</summary>
    public static PcmAudio Concatenate(IReadOnlyList<PcmAudio> parts, double minSeconds)
    {
        var first = parts[0];
        int gap = first.SampleRate / 4 * first.Channels;
        var samples = new List<float>();
        do
        {
            foreach (var p in parts)
            {
                if (p.SampleRate != first.SampleRate || p.Channels != first.Channels)
                {
                    throw new ArgumentException("Parts differ in rate or channels.");
                }
                samples.AddRange(p.Samples);
                samples.AddRange(new float[gap]);
            }
        }
        while (samples.Count < minSeconds * first.SampleRate * first.Channels);
        return new PcmAudio(samples.ToArray(), first.Channels, first.SampleRate);
    }
}
