using Provenance.Cli.Commands;

// The `provenance` command: its sub-commands live in Commands/ and are listed in Commands/CommandCatalog.cs.
return await ProvenanceCommand.RunAsync(args);
