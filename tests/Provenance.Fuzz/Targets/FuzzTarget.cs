namespace Provenance.Fuzz.Targets;

/// <summary>
/// One fuzzed entry point. <see cref="Run"/> feeds it one input: a clean refusal (the parser's own typed
/// exception) returns normally; any other exception, a crash or a hang is a finding.
/// </summary>
/// <param name="Name">The name scripts/fuzz.sh, the seed corpus and Findings/ use.</param>
/// <param name="Run">The parser(s) over one input.</param>
internal sealed record FuzzTarget(string Name, Action<byte[]> Run);
