using Microsoft.Extensions.Options;
using ProvenanceService.Rpc;

namespace ProvenanceService.Options;

/// <summary>Refuses to start on admission settings that would admit nothing or wait forever, naming each key.</summary>
internal sealed class AdmissionOptionsValidator : IValidateOptions<AdmissionOptions>
{
    public ValidateOptionsResult Validate(string? name, AdmissionOptions options)
    {
        var failures = new List<string>();
        if (options.MaxConcurrentCalls < 1)
        {
            failures.Add($"{AdmissionOptions.Section}:MaxConcurrentCalls must be at least 1, not {options.MaxConcurrentCalls}.");
        }
        if (options.QueueLimit < 0)
        {
            failures.Add($"{AdmissionOptions.Section}:QueueLimit must be 0 or more, not {options.QueueLimit}.");
        }
        // An unbounded wait is what admission control exists to prevent; a minute is already far past any sensible value.
        if (options.QueueTimeout < TimeSpan.Zero || options.QueueTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{AdmissionOptions.Section}:QueueTimeout must be between 0 and 00:01:00, not {options.QueueTimeout}.");
        }
        if (options.RetryAfter < TimeSpan.Zero || options.RetryAfter > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{AdmissionOptions.Section}:RetryAfter must be between 0 and 00:10:00, not {options.RetryAfter}.");
        }
        // The decode budget counts in mebibytes (CallAdmission), so it must hold at least one and fit an int of them.
        if (options.MaxDecodeBytes < CallAdmission.BudgetUnit || options.MaxDecodeBytes / CallAdmission.BudgetUnit > int.MaxValue)
        {
            failures.Add($"{AdmissionOptions.Section}:MaxDecodeBytes must be between {CallAdmission.BudgetUnit} and {(long)int.MaxValue * CallAdmission.BudgetUnit}, not {options.MaxDecodeBytes}.");
        }
        if (options.MaxUploadBytes < 1)
        {
            failures.Add($"{AdmissionOptions.Section}:MaxUploadBytes must be at least 1, not {options.MaxUploadBytes}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
