using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Provenance.Testing.Processes;

namespace Provenance.Testing.Interop;

/// <summary>
/// Runs the foreign client scripts of tests/interop (grpc-js with @grpc/proto-loader; Debian's python3-grpcio)
/// and parses the JSON line each prints per case. A missing runtime or package is a failure, not a skip:
/// ./test.sh installs them (scripts/setup.sh --test).
/// </summary>
internal static class InteropClients
{
    public const string Python = "/usr/bin/python3";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(90);

    public static async Task<InteropResults> RunNodeAsync(string target, string suite, string tag, params string[] extra)
    {
        RequireNodeModules();
        return await RunAsync("node", ["grpc-client.mjs", "--target", target, "--suite", suite, "--tag", tag, .. extra]);
    }

    public static async Task<InteropResults> RunPythonAsync(string target, string suite, string descriptorSet, string tag, params string[] extra)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: Debian's python3 with python3-grpcio is needed (scripts/setup.sh --test).");
        }
        return await RunAsync(Python, ["grpc_client.py", "--target", target, "--suite", suite, "--descriptors", descriptorSet, "--tag", tag, .. extra]);
    }

    /// <summary>
    /// Writes a FileDescriptorSet holding <paramref name="roots"/> and everything they import, dependencies
    /// first, from the descriptors Grpc.Tools' protoc embedded in the generated C# code.
    /// </summary>
    public static string WriteDescriptorSet(params FileDescriptor[] roots)
    {
        var ordered = new List<FileDescriptor>();
        var seen = new HashSet<string>();
        void Visit(FileDescriptor file)
        {
            if (!seen.Add(file.Name))
            {
                return;
            }
            foreach (var dependency in file.Dependencies)
            {
                Visit(dependency);
            }
            ordered.Add(file);
        }
        foreach (var root in roots)
        {
            Visit(root);
        }
        var set = new FileDescriptorSet();
        set.File.AddRange(ordered.Select(f => FileDescriptorProto.Parser.ParseFrom(f.SerializedData)));
        var path = Path.Combine(Path.GetTempPath(), $"provenance-interop-{Guid.NewGuid():N}.pb");
        File.WriteAllBytes(path, set.ToByteArray());
        return path;
    }

    private static void RequireNodeModules()
    {
        if (!Directory.Exists(Path.Combine(RepositoryPaths.Interop, "node_modules", "@grpc", "grpc-js")))
        {
            throw new InvalidOperationException("tests/interop/node_modules is missing: run scripts/setup.sh --test (npm ci in tests/interop).");
        }
    }

    private static async Task<InteropResults> RunAsync(string program, string[] arguments)
    {
        await using var process = ChildProcess.Start(program, arguments, RepositoryPaths.Interop);
        var exitCode = await process.WaitForExitAsync(ScriptTimeout);
        var results = new InteropResults(process.Description, process.StandardOutput.ToList(), process.StandardError);
        if (exitCode != 0 || !results.Has("done"))
        {
            throw new InvalidOperationException($"{process.Description} failed with exit code {exitCode}.\n{results.Transcript}");
        }
        return results;
    }
}

/// <summary>The cases one script reported, by name.</summary>
internal sealed class InteropResults
{
    private readonly Dictionary<string, JsonElement> _cases = new(StringComparer.Ordinal);

    public InteropResults(string description, IReadOnlyList<string> stdout, string stderr)
    {
        Transcript = $"{description}\nstdout:\n{string.Join('\n', stdout)}\nstderr:\n{stderr}";
        foreach (var line in stdout.Where(l => l.StartsWith('{')))
        {
            var record = JsonDocument.Parse(line).RootElement;
            if (record.TryGetProperty("case", out var name))
            {
                _cases[name.GetString()!] = record;
            }
        }
    }

    public string Transcript { get; }

    public bool Has(string name) => _cases.ContainsKey(name);

    public JsonElement this[string name] =>
        _cases.TryGetValue(name, out var record) ? record : throw new KeyNotFoundException($"No case '{name}' in:\n{Transcript}");

    /// <summary>The status code a case observed (0 for OK); null when the script could not tell.</summary>
    public int? Code(string name) => this[name].GetProperty("code").ValueKind == JsonValueKind.Number ? this[name].GetProperty("code").GetInt32() : null;

    public string? String(string name, string property) =>
        this[name].TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string[] Strings(string name, string property) =>
        this[name].GetProperty(property).EnumerateArray().Select(v => v.GetString()!).ToArray();

    public int[] Integers(string name, string property) =>
        this[name].GetProperty(property).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public int Integer(string name, string property) =>
        this[name].GetProperty(property) is { ValueKind: JsonValueKind.String } text ? int.Parse(text.GetString()!) : this[name].GetProperty(property).GetInt32();

    public bool Boolean(string name, string property) => this[name].GetProperty(property).GetBoolean();
}
