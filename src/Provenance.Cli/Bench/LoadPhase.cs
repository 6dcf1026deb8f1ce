using System.Globalization;

namespace Provenance.Cli.Bench;

/// <summary>What a phase of a load run calls.</summary>
internal enum LoadKind
{
    Sign,
    Verify,
    Mix,
}

/// <summary>
/// One phase of a load run: <see cref="Clients"/> callers, each with one call in flight at a time, for
/// <see cref="Duration"/>. Written <c>KIND:CLIENTS</c> on the command line, e.g. <c>verify:64</c>.
/// </summary>
internal sealed record LoadPhase(LoadKind Kind, int Clients, TimeSpan Duration)
{
    public const int MaxClients = 4096;

    public string Name => $"{Kind.ToString().ToLowerInvariant()}:{Clients}";

    /// <summary>Parses <c>KIND:CLIENTS</c>; null and a reason when it is not one.</summary>
    public static LoadPhase? Parse(string text, TimeSpan duration, out string? error)
    {
        error = null;
        var parts = text.Split(':');
        if (parts.Length != 2 || !Enum.TryParse<LoadKind>(parts[0], ignoreCase: true, out var kind) || int.TryParse(parts[0], out _))
        {
            error = $"--phase '{text}' is not KIND:CLIENTS with KIND sign, verify or mix (e.g. verify:64).";
            return null;
        }
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clients) || clients is < 1 or > MaxClients)
        {
            error = $"--phase '{text}': the number of clients must be 1 to {MaxClients}.";
            return null;
        }
        return new LoadPhase(kind, clients, duration);
    }
}
