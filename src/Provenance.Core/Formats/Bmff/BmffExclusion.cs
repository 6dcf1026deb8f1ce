namespace Provenance.Core.Formats.Bmff;

/// <summary>
/// One exclusion of a <c>c2pa.hash.bmff</c> binding: the boxes at <see cref="XPath"/>, narrowed by length, data at an
/// offset, version and flags; either removed whole or, with <see cref="Subsets"/>, only the given byte ranges of each.
/// </summary>
internal sealed record BmffExclusion(string XPath)
{
    public long? Length { get; init; }

    public IReadOnlyList<(long Offset, byte[] Value)> Data { get; init; } = [];

    public IReadOnlyList<(long Offset, long Length)>? Subsets { get; init; }

    public byte? Version { get; init; }

    /// <summary>The 24-bit flags to match (the first three bytes of the assertion's <c>flags</c>).</summary>
    public uint? Flags { get; init; }

    /// <summary>Flags must equal (true, the default) or only be a subset of <see cref="Flags"/> (false).</summary>
    public bool Exact { get; init; } = true;

    /// <summary>The exclusions c2pa-rs writes by default: the C2PA uuid box, ftyp, mfra, free and skip.</summary>
    public static IReadOnlyList<BmffExclusion> Defaults { get; } =
    [
        new("/uuid") { Data = [(8, BmffUuids.C2pa.ToArray())] },
        new("/ftyp"),
        new("/mfra"),
        new("/free"),
        new("/skip"),
    ];
}
