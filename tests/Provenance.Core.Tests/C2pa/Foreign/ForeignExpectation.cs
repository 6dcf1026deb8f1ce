using System.Text.Json;

namespace Provenance.Core.Tests.C2pa.Foreign;

/// <summary>
/// What one build of c2pa-rs said about one file, read from an EXPECTED.jsonl. Two line shapes exist: the fixtures'
/// (<c>validation_state</c>, <c>validation_status</c>: the active manifest's failure codes) and the corpus made by
/// tests/interop/c2pa-make-corpus.mjs (<c>state</c>, <c>failure</c>, <c>ingredientDeltas</c>, written by
/// tests/interop/c2pa-validate.mjs).
/// </summary>
internal sealed record ForeignExpectation(string File, string Validator, string? State, IReadOnlyList<string> Failures, string? Error)
{
    /// <summary>Failure codes of the ingredient deltas, by ingredient assertion label (null for the fixtures' shape, which has none).</summary>
    public IReadOnlyList<string>? DeltaFailures { get; init; }

    public static IReadOnlyList<ForeignExpectation> Load(string path)
    {
        var list = new List<ForeignExpectation>();
        foreach (var line in System.IO.File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var state = root.TryGetProperty("state", out var s) ? s : root.GetProperty("validation_state");
            var failures = root.TryGetProperty("failure", out var f) ? f : root.TryGetProperty("validation_status", out var v) ? v : default;
            list.Add(new ForeignExpectation(
                Path.GetFileName(root.GetProperty("file").GetString()!),
                root.GetProperty("validator").GetString()!,
                state.ValueKind == JsonValueKind.Null ? null : state.GetString(),
                failures.ValueKind == JsonValueKind.Array ? failures.EnumerateArray().Select(c => c.GetString()!).ToList() : [],
                root.TryGetProperty("error", out var error) ? error.GetString() : null)
            {
                DeltaFailures = root.TryGetProperty("ingredientDeltas", out var deltas)
                    ? deltas.EnumerateArray().SelectMany(d => d.GetProperty("failure").EnumerateArray().Select(c => c.GetString()!)).ToList()
                    : null,
            });
        }
        return list;
    }

    /// <summary>
    /// The one expectation a file is held to: the two builds' common answer, or, where c2pa-node 0.5.5 (c2pa-rs
    /// 0.82.1) and c2pa-wasm 0.13.3 (c2pa-rs 0.91.3) differ, the newer build's (the rule: c2pa-rs fixed its
    /// older behaviour, e.g. an update manifest's parent binding failure now surfaces on the active manifest).
    /// </summary>
    public static ForeignExpectation Reference(IEnumerable<ForeignExpectation> forFile)
    {
        var both = forFile.ToList();
        return both.SingleOrDefault(e => e.Validator == "c2pa-wasm") ?? both.Single();
    }
}
