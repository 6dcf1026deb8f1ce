using Provenance.Cli.Commands;
using Provenance.Core.Credentials;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace Provenance.Cli.Tests.EndToEnd;

/// <summary>
/// `provenance keys revoke` on the key set a running service reads, then `provenance verify --server`: files signed
/// before verify as untrusted with the operator's reason. Each test runs its own service on its own copy of the
/// example key set.
/// </summary>
public sealed class CliRevocationTests : IDisposable
{
    /// <summary>The service re-reads the key files at most once a second; this leaves room for a loaded machine.</summary>
    private static readonly TimeSpan PickUpTimeout = TimeSpan.FromSeconds(15);

    private readonly KeySetCopy _keys = new();
    private readonly string _work = Directory.CreateTempSubdirectory("provenance-cli-revoke-").FullName;

    public void Dispose()
    {
        _keys.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task A_revoked_signer_makes_its_files_untrusted_with_the_reason()
    {
        await using var service = await ServiceProcess.StartAsync(_keys.ServiceArguments);
        var signed = await SignAsync(service, "butterfly.jpg");
        Assert.Equal("verified", await VerdictAsync(service, signed));

        const string reason = "signing key copied off the HSM";
        var revoke = await Cli.RunAsync("keys", "revoke", _keys.Directory, "--signer-cert", _keys.PathOf(KeyDirectory.SignerChainFile), "--reason", reason);
        Assert.True(revoke.ExitCode == ExitCodes.Success, revoke.ToString());

        var result = await PollVerifyAsync(service, signed, "untrusted");
        Assert.True(result.ExitCode == ExitCodes.NotVerified, result.ToString());
        var line = result.Line(signed);
        Assert.Equal("untrusted", line.GetProperty("verdict").GetString());
        Assert.Contains(reason, line.GetProperty("verdict_reason").GetString(), StringComparison.Ordinal);

        // Offline, with the same key set, the auditor's verifier sees the revocation too.
        var offline = await Cli.RunAsync("verify", signed, "--keys", _keys.Directory, "--json");
        Assert.True(offline.ExitCode == ExitCodes.NotVerified, offline.ToString());
        Assert.Equal("untrusted", offline.Line(signed).GetProperty("verdict").GetString());
        Assert.Contains(reason, offline.Line(signed).GetProperty("verdict_reason").GetString(), StringComparison.Ordinal);

        // The service no longer signs with the revoked certificate; `provenance sign` reports the refusal.
        var refused = await Cli.RunAsync("sign", Input("home.jpg"), "--out-dir", Path.Combine(_work, "after"), "--server", service.Address,
            "--api-key", ExampleKeys.GeneratorKey);
        Assert.True(refused.ExitCode == ExitCodes.NotVerified, refused.ToString());
        Assert.Contains("FailedPrecondition", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_generator_key_is_refused_and_its_earlier_files_are_untrusted_with_the_reason()
    {
        await using var service = await ServiceProcess.StartAsync(_keys.ServiceArguments);
        var signed = await SignAsync(service, "building.jpg");
        var stripped = Path.Combine(_work, "stripped.jpg");
        File.WriteAllBytes(stripped, MediaEdits.ReEncode(File.ReadAllBytes(signed), Provenance.Core.Imaging.EncodeSettings.Jpeg(85)));
        Assert.Equal("recovered", await VerdictAsync(service, stripped));

        const string reason = "API key posted in a public repository";
        var revoke = await Cli.RunAsync("keys", "revoke", _keys.Directory, "--generator-key-file", _keys.PathOf(KeyDirectory.GeneratorApiKeyFile),
            "--reason", reason);
        Assert.True(revoke.ExitCode == ExitCodes.Success, revoke.ToString());

        foreach (var file in new[] { signed, stripped })
        {
            var result = await PollVerifyAsync(service, file, "untrusted");
            var line = result.Line(file);
            Assert.Equal("untrusted", line.GetProperty("verdict").GetString());
            Assert.Contains(reason, line.GetProperty("verdict_reason").GetString(), StringComparison.Ordinal);
        }

        var refused = await Cli.RunAsync("sign", Input("home.jpg"), "--out-dir", Path.Combine(_work, "after"), "--server", service.Address,
            "--api-key", ExampleKeys.GeneratorKey, "--json");
        Assert.True(refused.ExitCode == ExitCodes.NotVerified, refused.ToString());
        var error = refused.Line(Input("home.jpg")).GetProperty("error").GetString();
        Assert.Contains("Unauthenticated", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private string Input(string photo)
    {
        var path = Path.Combine(_work, "inputs", photo);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, TestMedia.Load(photo));
        }
        return path;
    }

    private async Task<string> SignAsync(ServiceProcess service, string photo)
    {
        var outDir = Path.Combine(_work, "signed");
        var result = await Cli.RunAsync("sign", Input(photo), "--out-dir", outDir, "--server", service.Address, "--api-key", ExampleKeys.GeneratorKey);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        return Path.Combine(outDir, photo);
    }

    private static async Task<string?> VerdictAsync(ServiceProcess service, string file) =>
        (await Cli.RunAsync("verify", file, "--json", "--server", service.Address)).Line(file).GetProperty("verdict").GetString();

    private static async Task<CliResult> PollVerifyAsync(ServiceProcess service, string file, string verdict)
    {
        var deadline = DateTime.UtcNow + PickUpTimeout;
        while (true)
        {
            var result = await Cli.RunAsync("verify", file, "--json", "--server", service.Address);
            if (result.Line(file).GetProperty("verdict").GetString() == verdict || DateTime.UtcNow > deadline)
            {
                return result;
            }
            await Task.Delay(200);
        }
    }
}
