namespace Provenance.Core.Audio.Labeling;

/// <summary>The two audible explicit labels GB 45438-2025 offers for audio, played at the start.</summary>
public enum AudibleLabelKind
{
    /// <summary>The rhythm prompt "short long short short", Morse code for "AI" (<see cref="RhythmPrompt"/>).</summary>
    Rhythm,

    /// <summary>A spoken notice such as "人工智能生成" (<see cref="SpokenNotice"/>).</summary>
    Speech,
}

internal static class AudibleLabelKinds
{
    /// <summary>The name the manifest and the CLI use: "rhythm" or "speech".</summary>
    public static string Name(this AudibleLabelKind kind) => kind switch
    {
        AudibleLabelKind.Rhythm => "rhythm",
        AudibleLabelKind.Speech => "speech",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an audible label kind"),
    };
}
