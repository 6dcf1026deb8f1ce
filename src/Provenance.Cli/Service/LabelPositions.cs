using Provenance.Contracts.V1;

namespace Provenance.Cli.Service;

/// <summary>The CLI's names for the explicit label's positions (those the manifest uses), to and from the proto enum.</summary>
internal static class LabelPositions
{
    public const string Default = "bottom-right";

    private static readonly (string Name, ExplicitLabelPosition Value)[] Table =
    [
        ("bottom-right", ExplicitLabelPosition.BottomRight),
        ("bottom-left", ExplicitLabelPosition.BottomLeft),
        ("top-right", ExplicitLabelPosition.TopRight),
        ("top-left", ExplicitLabelPosition.TopLeft),
        ("bottom-center", ExplicitLabelPosition.BottomCenter),
        ("top-center", ExplicitLabelPosition.TopCenter),
    ];

    public static IEnumerable<string> Keys => Table.Select(t => t.Name);

    public static ExplicitLabelPosition Parse(string name) => Table.Single(t => t.Name == name).Value;

    public static string Name(ExplicitLabelPosition value) => Table.FirstOrDefault(t => t.Value == value).Name ?? value.ToString();
}
