namespace Provenance.Core.Labeling.Explicit;

/// <summary>
/// Where the visible label goes. GB 45438-2025 asks for an edge or a corner of the image; these are the four
/// corners and the middle of the top and bottom edges.
/// </summary>
public enum LabelPosition
{
    BottomRight,
    BottomLeft,
    TopRight,
    TopLeft,
    BottomCenter,
    TopCenter,
}

internal static class LabelPositions
{
    /// <summary>The name the manifest and the CLI use: "bottom-right", "top-center", ...</summary>
    public static string Name(this LabelPosition position) => position switch
    {
        LabelPosition.BottomRight => "bottom-right",
        LabelPosition.BottomLeft => "bottom-left",
        LabelPosition.TopRight => "top-right",
        LabelPosition.TopLeft => "top-left",
        LabelPosition.BottomCenter => "bottom-center",
        LabelPosition.TopCenter => "top-center",
        _ => throw new ArgumentOutOfRangeException(nameof(position), position, "not a label position"),
    };

    /// <summary>The position of a <see cref="Name"/>, or null for any other text.</summary>
    public static LabelPosition? Parse(string name) =>
        Enum.GetValues<LabelPosition>().Cast<LabelPosition?>().FirstOrDefault(p => p!.Value.Name() == name);

    public static bool IsTop(this LabelPosition position) =>
        position is LabelPosition.TopLeft or LabelPosition.TopRight or LabelPosition.TopCenter;
}
