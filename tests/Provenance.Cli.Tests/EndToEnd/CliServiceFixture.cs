using Provenance.Contracts.V1;
using Grpc.Net.Client;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>
/// One service process on the example key set for the CLI's end-to-end tests, a scratch folder, and the photos
/// `provenance sign` signed through the service (one batch per run, shared by the tests that start from them).
/// </summary>
public sealed class CliServiceFixture : IAsyncLifetime
{
    /// <summary>The photos signed in one batch: a large and a small JPEG, a PNG, a WebP.</summary>
    public static readonly string[] Photos = ["Garden.jpg", "home.jpg", "chicky_512.png", TestMedia.WebPName];

    private Lazy<Task<IReadOnlyDictionary<string, SignedByCli>>>? _signed;
    private GrpcChannel? _channel;

    internal ServiceProcess Service { get; private set; } = null!;

    internal ProvenanceClient Client { get; private set; } = null!;

    public string Server => Service.Address;

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("provenance-cli-e2e-").FullName;

    public async Task InitializeAsync()
    {
        Service = await ServiceProcess.StartAsync();
        _channel = GrpcChannel.ForAddress(Service.Address);
        Client = new ProvenanceClient(_channel);
        _signed = new Lazy<Task<IReadOnlyDictionary<string, SignedByCli>>>(SignPhotosAsync);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        await Service.DisposeAsync();
        Directory.Delete(WorkDirectory, recursive: true);
    }

    /// <summary>The photos of <see cref="Photos"/> as `provenance sign --out-dir` wrote them, by photo name.</summary>
    internal Task<IReadOnlyDictionary<string, SignedByCli>> SignedAsync() => _signed!.Value;

    /// <summary>Writes <paramref name="bytes"/> to a fresh file in the scratch folder (under <paramref name="folder"/>).</summary>
    public string Write(string folder, string name, byte[] bytes)
    {
        var directory = Directory.CreateDirectory(Path.Combine(WorkDirectory, folder)).FullName;
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<IReadOnlyDictionary<string, SignedByCli>> SignPhotosAsync()
    {
        var inputs = Photos.Select(p => Write("inputs", p, TestMedia.Load(p))).ToArray();
        var outDir = Path.Combine(WorkDirectory, "signed");
        var result = await Cli.RunAsync(["sign", .. inputs, "--out-dir", outDir, "--server", Server, "--api-key", ExampleKeys.GeneratorKey,
            "--model", "cli-diffusion", "--json"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("provenance sign failed: " + result);
        }
        return result.JsonLines().ToDictionary(
            line => Path.GetFileName(line.GetProperty("path").GetString()!),
            line => new SignedByCli(line.GetProperty("out").GetString()!, line.GetProperty("manifest_id").GetString()!,
                line.GetProperty("watermark_id").GetString()!, line.GetProperty("content_hash").GetString()!));
    }
}

/// <summary>One file as `provenance sign --json` reported it.</summary>
internal sealed record SignedByCli(string Path, string ManifestId, string WatermarkId, string ContentHash)
{
    public byte[] Bytes => File.ReadAllBytes(Path);
}

[CollectionDefinition(Name)]
public sealed class CliServiceCollection : ICollectionFixture<CliServiceFixture>
{
    public const string Name = "cli with a service";
}
