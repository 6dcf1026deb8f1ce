namespace Provenance.Core.C2pa;

/// <summary>
/// The generator app on whose behalf a manifest is signed, as its credential identifies it: its name, its
/// organisation, and its GB 45438 ContentProducer code.
/// </summary>
public sealed record ContentGenerator(string Name, string Organisation, string ContentProducer);
