using Provenance.Core.Imaging;
using Provenance.Core.Imaging.Jpeg;

namespace Provenance.Core.Tests.Architecture;

/// <summary>
/// Provenance.Core's folders (a top-level namespace with its sub-namespaces) form a layered graph: none reaches
/// itself through the ones it uses. A cycle ties folders together (neither side can be understood, tested or
/// moved alone), so a type both sides need belongs in a namespace beneath both.
/// </summary>
public class NamespaceCycleTests
{
    private static readonly Lazy<NamespaceReferences> Core =
        new(() => NamespaceReferences.Read(typeof(MediaLimits).Assembly.Location));

    [Fact]
    public void Core_namespaces_have_no_import_cycle()
    {
        var edges = Core.Value.Edges
            .Where(edge => IsCore(edge.From) && IsCore(edge.To))
            .Select(edge => edge with { From = Area(edge.From), To = Area(edge.To) })
            .Where(edge => edge.From != edge.To)
            .DistinctBy(edge => (edge.From, edge.To))
            .ToList();
        var cycles = StronglyConnected.Components(edges.Select(edge => (edge.From, edge.To)))
            .Where(component => component.Count > 1)
            .ToList();

        var explanation = string.Join(Environment.NewLine, cycles.Select(component =>
            "cycle: " + string.Join(", ", component) + Environment.NewLine + string.Join(Environment.NewLine, edges
                .Where(edge => component.Contains(edge.From) && component.Contains(edge.To))
                .OrderBy(edge => edge.From, StringComparer.Ordinal)
                .ThenBy(edge => edge.To, StringComparer.Ordinal)
                .Select(edge => $"  {edge.From} -> {edge.To} ({edge.FromType} uses {edge.ToType})"))));
        Assert.True(cycles.Count == 0, explanation);
    }

    [Fact]
    public void References_made_only_inside_method_bodies_are_seen()
    {
        // The cycle test is only as good as the reference reader: a namespace used only inside method bodies
        // (a static call, a `new`) must count. ImageCodec dispatches to the JPEG codec without naming it in any
        // signature of its own.
        var signaturesOnly = NamespaceReferences.Read(typeof(MediaLimits).Assembly.Location, readBodies: false);
        static bool CodecToJpeg(NamespaceReferences.Edge edge) =>
            edge.From == typeof(ImageCodec).Namespace && edge.To == typeof(JpegCodec).Namespace;
        Assert.DoesNotContain(signaturesOnly.Edges, CodecToJpeg);
        Assert.Contains(Core.Value.Edges, CodecToJpeg);
    }

    [Fact]
    public void A_cycle_through_three_namespaces_is_one_component()
    {
        var components = StronglyConnected.Components([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E")]);
        Assert.Contains(components, component => component.SequenceEqual(["A", "B", "C"]));
        Assert.Equal(3, components.Count);
    }

    /// <summary>
    /// A top-level folder of the project with its sub-namespaces: a folder's parent namespace may dispatch to its
    /// children (Formats picks the handler in Formats.Jpeg, which implements Formats' interface), as one module.
    /// </summary>
    private static string Area(string ns)
    {
        const string Root = "Provenance.Core.";
        var dot = ns.Length > Root.Length ? ns.IndexOf('.', Root.Length) : -1;
        return dot < 0 ? ns : ns[..dot];
    }

    private static bool IsCore(string ns) => ns == "Provenance.Core" || ns.StartsWith("Provenance.Core.", StringComparison.Ordinal);
}
