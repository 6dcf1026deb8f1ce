using Provenance.Contracts.V1;

namespace Provenance.Cli.Service;

/// <summary>The CLI's names for a video label's spans (those the manifest uses), to and from the proto enum.</summary>
internal static class LabelSpans
{
    private static readonly (string Name, ExplicitLabelSpan Value)[] Table =
    [
        ("opening", ExplicitLabelSpan.Opening),
        ("opening-and-end", ExplicitLabelSpan.OpeningAndEnd),
        ("throughout", ExplicitLabelSpan.Throughout),
    ];

    public static IEnumerable<string> Keys => Table.Select(t => t.Name);

    public static ExplicitLabelSpan Parse(string name) => Table.Single(t => t.Name == name).Value;

    public static string Name(ExplicitLabelSpan value) => Table.FirstOrDefault(t => t.Value == value).Name ?? value.ToString();
}
