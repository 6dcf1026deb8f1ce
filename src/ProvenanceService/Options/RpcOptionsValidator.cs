using Microsoft.Extensions.Options;

namespace ProvenanceService.Options;

/// <summary>Refuses to start on gRPC settings the server cannot honour, naming each by its configuration key.</summary>
internal sealed class RpcOptionsValidator : IValidateOptions<RpcOptions>
{
    public ValidateOptionsResult Validate(string? name, RpcOptions options)
    {
        var failures = new List<string>();
        if (options.MaxReceiveMessageSize < 1)
        {
            failures.Add($"{RpcOptions.Section}:MaxReceiveMessageSize must be a positive number of bytes, not {options.MaxReceiveMessageSize}.");
        }
        if (options.MaxSendMessageSize is < 1)
        {
            failures.Add($"{RpcOptions.Section}:MaxSendMessageSize must be a positive number of bytes or unset, not {options.MaxSendMessageSize}.");
        }
        if (options.ResponseCompression is not (null or RpcOptions.Gzip or RpcOptions.Identity))
        {
            failures.Add($"{RpcOptions.Section}:ResponseCompression must be '{RpcOptions.Gzip}', '{RpcOptions.Identity}' or unset, not '{options.ResponseCompression}'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
