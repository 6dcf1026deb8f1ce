using Microsoft.Extensions.Options;

namespace ProvenanceService.Options;

/// <summary>Refuses to start when a key file is missing, and says which one and where it was looked for.</summary>
internal sealed class KeyOptionsValidator : IValidateOptions<KeyOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyOptions options)
    {
        var missing = options.RequiredFiles().Where(f => !File.Exists(f.Path)).Select(f => $"{f.Name} ({f.Path})").ToList();
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Key files are missing: {string.Join(", ", missing)}. Keys:Directory must hold a key set as " +
                "'provenance keys init DIR' writes it, or each file's path must be set (Keys:SignerChainPath, ...).");
    }
}
