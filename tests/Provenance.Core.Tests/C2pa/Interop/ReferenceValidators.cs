using System.Text.Json;
using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa.Interop;

/// <summary>One reference validator's judgement of one file: the active manifest's failures and the ingredient deltas.</summary>
internal sealed record ReferenceVerdict(string File, string Validator, string? State, IReadOnlyList<string> Failures, string? Error)
{
    public IReadOnlyList<ReferenceDelta> IngredientDeltas { get; init; } = [];
}

/// <summary>A reference validator's delta for one ingredient assertion: its status codes by kind.</summary>
internal sealed record ReferenceDelta(string Uri, IReadOnlyList<string> Success, IReadOnlyList<string> Informational, IReadOnlyList<string> Failure);

/// <summary>
/// The C2PA reference implementation (c2pa-rs) as its two published builds, c2pa-node and c2pa-wasm, pinned in
/// tests/interop/package.json and driven through tests/interop/c2pa-validate.mjs. Missing node or packages fail the
/// test: the interop checks are part of the suite, not optional.
/// </summary>
internal static class ReferenceValidators
{
    public static readonly string[] Names = ["c2pa-node", "c2pa-wasm"];

    public static void RequireInstalled()
    {
        foreach (var package in new[] { "c2pa-node", "c2pa-wasm" })
        {
            var folder = Path.Combine(RepositoryPaths.Interop, "node_modules", "@contentauth", package);
            if (!Directory.Exists(folder))
            {
                throw new InvalidOperationException(
                    $"@contentauth/{package} is not installed in tests/interop; run ./test.sh or (cd tests/interop && npm ci --ignore-scripts).");
            }
        }
    }

    /// <summary>Validates all <paramref name="files"/> in one node process (both builds load once).</summary>
    public static IReadOnlyList<ReferenceVerdict> Validate(IReadOnlyCollection<string> files, string trustAnchorsPath)
    {
        RequireInstalled();
        var arguments = new List<string>
        {
            "c2pa-validate.mjs", "--trust", trustAnchorsPath, "--ekus", Path.Combine(RepositoryPaths.Interop, "c2pa-claim-signing-ekus.cfg"),
        };
        arguments.AddRange(files);
        var output = ExternalTool.Run("node", arguments, RepositoryPaths.Interop, TimeSpan.FromMinutes(5));
        var verdicts = new List<ReferenceVerdict>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            verdicts.Add(new ReferenceVerdict(
                root.GetProperty("file").GetString()!,
                root.GetProperty("validator").GetString()!,
                root.GetProperty("state").ValueKind == JsonValueKind.Null ? null : root.GetProperty("state").GetString(),
                Codes(root, "failure"),
                root.TryGetProperty("error", out var error) ? error.GetString() : null)
            {
                IngredientDeltas = root.TryGetProperty("ingredientDeltas", out var deltas)
                    ? deltas.EnumerateArray().Select(d => new ReferenceDelta(
                        d.GetProperty("uri").GetString()!, Codes(d, "success"), Codes(d, "informational"), Codes(d, "failure"))).ToList()
                    : [],
            });
        }
        return verdicts;
    }

    private static List<string> Codes(JsonElement element, string kind) =>
        element.TryGetProperty(kind, out var list) ? list.EnumerateArray().Select(c => c.GetString()!).ToList() : [];

    /// <summary>Signs <paramref name="input"/> with c2pa-node (tests/interop/c2pa-sign.mjs).</summary>
    public static void SignWithC2paNode(string chain, string key, string algorithm, string input, string output)
    {
        RequireInstalled();
        ExternalTool.Run("node", ["c2pa-sign.mjs", "--chain", chain, "--key", key, "--alg", algorithm, "--in", input, "--out", output],
            RepositoryPaths.Interop, TimeSpan.FromMinutes(1));
    }
}
