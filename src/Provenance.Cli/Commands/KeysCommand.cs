using System.CommandLine;
using Provenance.Core.Credentials;

namespace Provenance.Cli.Commands;

/// <summary>`provenance keys init DIR`: a fresh trust setup (CA, signer chain and key, API keys, watermark key).</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "Directory to create the key set in (must not already hold one)." };
        var organisation = new Option<string>("--organisation")
        {
            Description = "Organisation named in the certificates and identities.",
            DefaultValueFactory = _ => "Example AI Labs",
        };
        var init = new Command("init", "Create a fresh key set: root CA, signer chain and PKCS#8 key, trust anchors, API keys, watermark key.")
        {
            directory,
            organisation,
        };
        init.SetAction(parse =>
        {
            var dir = parse.GetValue(directory)!;
            try
            {
                KeyDirectory.Initialize(dir.FullName, parse.GetValue(organisation)!, DateTimeOffset.UtcNow);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"provenance keys init: {e.Message}");
                return ExitCodes.UsageOrUnreadable;
            }
            Console.WriteLine($"Created a key set in {dir.FullName} (see its README.md). Keep the *-key files secret.");
            return ExitCodes.Success;
        });
        return new Command("keys", "Manage signing and API keys.") { init };
    }
}
