namespace Provenance.Core.Jumbf;

/// <summary>Bounds applied while parsing untrusted JUMBF.</summary>
internal sealed record JumbfLimits(int MaxDepth, int MaxBoxes, int MaxLabelBytes)
{
    /// <summary>
    /// A C2PA store nests five levels at most in practice (store, manifest, assertion store, assertion, embedded
    /// content); sixteen leaves room for private structures without allowing runaway recursion.
    /// </summary>
    public static JumbfLimits Default { get; } = new(MaxDepth: 16, MaxBoxes: 100_000, MaxLabelBytes: 1024);
}
