namespace Provenance.Cli.Commands;

/// <summary>
/// Where each input's output goes, decided for the whole batch before any work: a command that writes files
/// (sign, check --propagate-id) never overwrites an input (not even with --force), never writes two inputs to one
/// file, and never replaces an existing file unless the user said --force. Without this, `sign a/x.jpg b/x.jpg
/// --out-dir out` kept only the second output with exit code 0, and an --out-dir equal to the input's folder
/// replaced the original with the signed copy (issue 20, fault 7).
/// </summary>
internal static class OutputTargets
{
    /// <summary>
    /// The target of each input, or the reasons the batch is refused (one line each, to print and exit 2).
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Targets, IReadOnlyList<string> Refusals) Plan(
        IReadOnlyList<string> inputs, Func<string, string> target, bool force)
    {
        var inputPaths = new HashSet<string>(inputs.Select(Path.GetFullPath), StringComparer.Ordinal);
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        var firstInputOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var refusals = new List<string>();
        foreach (var input in inputs)
        {
            var path = Path.GetFullPath(target(input));
            targets[input] = path;
            if (inputPaths.Contains(path))
            {
                refusals.Add($"{path} is an input: writing there would replace it; choose another output folder.");
            }
            else if (firstInputOf.TryGetValue(path, out var first))
            {
                if (!force)
                {
                    refusals.Add($"{first} and {input} would both be written to {path}; sign them into separate folders (or --force to keep the last).");
                }
            }
            else if (File.Exists(path) && !force)
            {
                refusals.Add($"{path} exists; use --force to replace it.");
            }
            firstInputOf.TryAdd(path, input);
        }
        return (targets, refusals);
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> beside <paramref name="target"/> and renames it into place, so that a crash
    /// never leaves a half-written file; without <paramref name="force"/> a file that appeared since the plan is kept
    /// (IOException).
    /// </summary>
    public static async Task WriteAsync(string target, ReadOnlyMemory<byte> bytes, bool force, CancellationToken cancellationToken)
    {
        var temporary = target + ".partial";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(temporary, target, overwrite: force);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            throw;
        }
    }
}
