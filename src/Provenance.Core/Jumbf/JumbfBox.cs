namespace Provenance.Core.Jumbf;

/// <summary>
/// A box read from a JUMBF buffer: either a content box (a payload) or a superbox (<c>jumb</c>: a description plus
/// children). Offsets refer to the buffer the box was parsed from, so hashes are taken over the original bytes.
/// </summary>
internal sealed class JumbfBox
{
    private static readonly IReadOnlyList<JumbfBox> NoChildren = [];

    public JumbfBox(ReadOnlyMemory<byte> whole, uint type, int headerLength, JumbfDescription? description, IReadOnlyList<JumbfBox>? children)
    {
        Whole = whole;
        Type = type;
        HeaderLength = headerLength;
        Description = description;
        Children = children ?? NoChildren;
    }

    /// <summary>The complete box: header (LBox, TBox, optional XLBox) and payload.</summary>
    public ReadOnlyMemory<byte> Whole { get; }

    public uint Type { get; }

    /// <summary>8, or 16 when the XLBox form is used.</summary>
    public int HeaderLength { get; }

    /// <summary>Everything after the box header. For a superbox: the description box and the children.</summary>
    public ReadOnlyMemory<byte> Payload => Whole[HeaderLength..];

    public bool IsSuperbox => Type == BoxType.Superbox;

    /// <summary>The description of a superbox; null for a content box.</summary>
    public JumbfDescription? Description { get; }

    /// <summary>The boxes after the description box (superboxes only).</summary>
    public IReadOnlyList<JumbfBox> Children { get; }

    public string? Label => Description?.Label;

    public uint? TypeCode => Description?.TypeCode;

    private Dictionary<string, JumbfBox>? _childrenByLabel;

    /// <summary>The first direct child superbox with this label, or null.</summary>
    public JumbfBox? FindChild(string label)
    {
        if (Children.Count <= 16)
        {
            foreach (var child in Children)
            {
                if (child.IsSuperbox && string.Equals(child.Label, label, StringComparison.Ordinal))
                {
                    return child;
                }
            }
            return null;
        }
        // Large superboxes (an untrusted store can hold many thousands of assertions) are indexed once, so that
        // resolving every reference stays linear.
        if (_childrenByLabel is null)
        {
            var index = new Dictionary<string, JumbfBox>(StringComparer.Ordinal);
            foreach (var child in Children)
            {
                if (child.IsSuperbox && child.Label is { } childLabel)
                {
                    index.TryAdd(childLabel, child);
                }
            }
            _childrenByLabel = index;
        }
        return _childrenByLabel.GetValueOrDefault(label);
    }

    public override string ToString() =>
        IsSuperbox ? $"jumb[{Label ?? "(no label)"}] {Whole.Length} bytes" : $"{BoxType.ToText(Type)} {Whole.Length} bytes";
}
