using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenance.Core.Credentials;

namespace Provenance.Cli.Commands;

/// <summary>
/// `provenance keys init DIR`: a fresh trust setup (CA, signer chain and key, API keys, watermark key).
/// `provenance keys revoke DIR (--generator-key-file F | --signer-cert C) --reason R`: revoke a credential; a running
/// service picks the change up within a second.
/// </summary>
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
        return new Command("keys", "Manage signing and API keys.") { init, Revoke() };
    }

    private static Command Revoke()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "The key set folder the service reads." };
        var generatorKeyFile = new Option<FileInfo?>("--generator-key-file") { Description = "File holding the generator API key to revoke." };
        var signerCertificate = new Option<FileInfo?>("--signer-cert") { Description = "PEM file whose first certificate is the signing certificate to revoke." };
        var reason = new Option<string>("--reason") { Description = "Why; shown to verifiers.", Required = true };
        var revoke = new Command("revoke", "Revoke a generator API key or a signing certificate; files signed with it verify as untrusted.")
        {
            directory, generatorKeyFile, signerCertificate, reason,
        };
        revoke.Validators.Add(result =>
        {
            if ((result.GetValue(generatorKeyFile) is null) == (result.GetValue(signerCertificate) is null))
            {
                result.AddError("Give exactly one of --generator-key-file or --signer-cert.");
            }
        });
        revoke.SetAction(parse =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            try
            {
                if (parse.GetValue(generatorKeyFile) is { } keyFile)
                {
                    var name = Revocations.RevokeGenerator(dir, File.ReadAllText(keyFile.FullName), parse.GetValue(reason)!, DateTimeOffset.UtcNow);
                    Console.WriteLine($"Revoked the API key of {name}.");
                }
                else
                {
                    using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(parse.GetValue(signerCertificate)!.FullName));
                    var thumbprint = Revocations.RevokeSigner(dir, certificate, parse.GetValue(reason)!, DateTimeOffset.UtcNow);
                    Console.WriteLine($"Revoked the signing certificate {certificate.Subject} (SHA-256 {thumbprint}).");
                }
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or CryptographicException
                or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"provenance keys revoke: {e.Message}");
                return ExitCodes.UsageOrUnreadable;
            }
        });
        return revoke;
    }
}
