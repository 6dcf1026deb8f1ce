using System.CommandLine;
using Provenance.Cli.Commands;

// The `provenance` command. Each sub-command lives in Commands/ and is added here.
var root = new RootCommand("Provenance: sign AI-generated images with Content Credentials and a watermark, verify files.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}
return await root.Parse(args).InvokeAsync();
