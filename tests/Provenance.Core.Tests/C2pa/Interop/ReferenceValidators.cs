using System.Text.Json;
using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa.Interop;

/// <summary>One reference validator's judgement of one file.</summary>
internal sealed record ReferenceVerdict(string File, string Validator, string? State, IReadOnlyList<string> Failures, string? Error);

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
                root.TryGetProperty("failure", out var failure) ? failure.EnumerateArray().Select(c => c.GetString()!).ToList() : [],
                root.TryGetProperty("error", out var error) ? error.GetString() : null));
        }
        return verdicts;
    }

    /// <summary>Signs <paramref name="input"/> with c2pa-node (tests/interop/c2pa-sign.mjs).</summary>
    public static void SignWithC2paNode(string chain, string key, string algorithm, string input, string output)
    {
        RequireInstalled();
        ExternalTool.Run("node", ["c2pa-sign.mjs", "--chain", chain, "--key", key, "--alg", algorithm, "--in", input, "--out", output],
            RepositoryPaths.Interop, TimeSpan.FromMinutes(1));
    }
}
