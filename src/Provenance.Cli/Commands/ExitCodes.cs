namespace Provenance.Cli.Commands;

/// <summary>Process exit codes (design.md, CLI).</summary>
internal static class ExitCodes
{
    /// <summary>Every file verified or recovered; or a command that succeeded.</summary>
    public const int Success = 0;

    /// <summary>At least one file has a verdict other than verified or recovered.</summary>
    public const int NotVerified = 1;

    /// <summary>Usage error, or a file that could not be read.</summary>
    public const int UsageOrUnreadable = 2;
}
