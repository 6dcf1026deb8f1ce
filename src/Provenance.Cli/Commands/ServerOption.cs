using System.CommandLine;
using System.CommandLine.Parsing;

namespace Provenance.Cli.Commands;

/// <summary>
/// The `--server URL` option of sign, verify and reports. System.CommandLine 2.0 has no built-in conversion to
/// <see cref="Uri"/> (an <c>Option&lt;Uri&gt;</c> without a parser throws when its value is read), so the address is
/// parsed here: an absolute http or https URL, else a usage error naming the value.
/// </summary>
internal static class ServerOption
{
    public static Option<Uri?> Create(string description, bool required) => new("--server")
    {
        Description = description,
        Required = required,
        CustomParser = Parse,
    };

    private static Uri? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }
        result.AddError($"--server must be an http:// or https:// address such as http://127.0.0.1:50051, not '{text}'.");
        return null;
    }
}
