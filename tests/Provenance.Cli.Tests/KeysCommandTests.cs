using System.CommandLine;
using Provenance.Cli.Commands;
using Provenance.Core.Credentials;

namespace Provenance.Cli.Tests;

public sealed class KeysCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "provenance-cli-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Keys_init_writes_a_key_set_and_refuses_to_overwrite_it()
    {
        var root = new RootCommand { KeysCommand.Create() };

        Assert.Equal(ExitCodes.Success, await root.Parse(["keys", "init", _directory, "--organisation", "Cli Test"]).InvokeAsync());
        Assert.True(File.Exists(Path.Combine(_directory, KeyDirectory.SignerKeyFile)));
        Assert.Contains("Cli Test", File.ReadAllText(Path.Combine(_directory, KeyDirectory.ApiKeysFile)), StringComparison.Ordinal);

        Assert.Equal(ExitCodes.UsageOrUnreadable, await root.Parse(["keys", "init", _directory]).InvokeAsync());
    }
}
