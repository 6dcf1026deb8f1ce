using Microsoft.Extensions.Options;

namespace Provenance.Grpc.Server.Internal;

/// <summary>Checks <see cref="GrpcServerOptions"/> at start, with messages that name the setting to fix.</summary>
internal sealed class GrpcServerOptionsValidator : IValidateOptions<GrpcServerOptions>
{
    public ValidateOptionsResult Validate(string? name, GrpcServerOptions options)
    {
        var failures = new List<string>();
        var section = GrpcServerOptions.SectionName;
        if (options.MaxReceiveMessageSize < 1)
        {
            failures.Add($"{section}:MaxReceiveMessageSize must be a positive number of bytes (got {options.MaxReceiveMessageSize}).");
        }
        if (options.MaxSendMessageSize is < 1)
        {
            failures.Add($"{section}:MaxSendMessageSize must be a positive number of bytes or unset (got {options.MaxSendMessageSize}).");
        }
        if (options.ResponseCompression is { Length: > 0 } compression && !MessageEncodings.IsSupported(compression))
        {
            failures.Add($"{section}:ResponseCompression must be 'gzip' or 'identity' (got '{compression}').");
        }
        if (!Enum.IsDefined(options.ResponseCompressionLevel))
        {
            failures.Add($"{section}:ResponseCompressionLevel '{options.ResponseCompressionLevel}' is not a compression level.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
