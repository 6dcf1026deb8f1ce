using Provenance.Core.Jumbf;

namespace Provenance.Core.C2pa.Model;

/// <summary>
/// One C2PA manifest superbox of a store, with its parts located but not yet validated. For a compressed manifest
/// (<c>c2cm</c>), <see cref="Box"/> is the compressed superbox (what hashes cover) and <see cref="Content"/> the
/// decompressed one (what is read).
/// </summary>
internal sealed class ManifestBox
{
    public ManifestBox(JumbfBox box, JumbfBox content, ManifestKind kind)
    {
        Box = box;
        Content = content;
        Kind = kind;
        Label = box.Label ?? string.Empty;
        AssertionStore = content.FindChild(C2paLabels.AssertionStore);
        ClaimBoxes = content.Children.Where(c => c.IsSuperbox && c.TypeCode == Jumbf.JumbfTypeIds.Claim).ToList();
        SignatureBox = content.Children.FirstOrDefault(c => c.IsSuperbox && c.TypeCode == Jumbf.JumbfTypeIds.ClaimSignature);
        Assertions = AssertionStore?.Children.Where(c => c.IsSuperbox && c.Label is not null).ToList() ?? [];
    }

    public JumbfBox Box { get; }

    public JumbfBox Content { get; }

    public ManifestKind Kind { get; }

    public string Label { get; }

    public JumbfBox? AssertionStore { get; }

    public IReadOnlyList<JumbfBox> ClaimBoxes { get; }

    public JumbfBox? SignatureBox { get; }

    /// <summary>The assertion superboxes of the assertion store, in order.</summary>
    public IReadOnlyList<JumbfBox> Assertions { get; }

    /// <summary>The assertion with this exact label, or null.</summary>
    public JumbfBox? FindAssertion(string label) => AssertionStore?.FindChild(label);

    /// <summary>The absolute JUMBF URI of this manifest (for status URLs).</summary>
    public string Uri => $"{C2paLabels.UriPrefix}/{C2paLabels.ManifestStore}/{Label}";

    public string AssertionUri(string assertionLabel) => $"{Uri}/{C2paLabels.AssertionStore}/{assertionLabel}";
}
