using Provenance.Core;

namespace Provenance.Fuzz.Targets;

/// <summary>Runs a parser and swallows only the typed exceptions it documents for malformed input.</summary>
internal static class Refusal
{
    public static void Allow<TException>(Action parse) where TException : Exception
    {
        try
        {
            parse();
        }
        catch (TException)
        {
        }
    }

    /// <summary>Media entry points refuse with <see cref="InvalidMediaException"/> only.</summary>
    public static void AllowMedia(Action parse) => Allow<InvalidMediaException>(parse);

    /// <summary>
    /// The C2PA validator turns an unforeseen exception into a general-error status instead of throwing (a
    /// service must answer); under the fuzzer that status is the finding, so it is thrown again here.
    /// </summary>
    public static void ThrowIfValidationStopped(Core.C2pa.Validation.C2paValidationResult result)
    {
        foreach (var status in result.ActiveManifest.Failure)
        {
            if (status.Explanation?.StartsWith("validation stopped:", StringComparison.Ordinal) == true)
            {
                throw new InvalidOperationException("The validator caught an unforeseen exception: " + status.Explanation);
            }
        }
    }
}
