using Grpc.Core;
using Provenance.Core;
using ProvenanceService.Auth;

namespace ProvenanceService.Tests.Hosting;

/// <summary>test.v1.Probe (Hosting/Probe.proto): a handler the hosting tests control, mapped beside the real services.</summary>
internal sealed class ProbeService(ProbeSignals signals) : Probe.ProbeBase
{
    public override async Task<ProbeResponse> Call(ProbeRequest request, ServerCallContext context)
    {
        signals.Entered.TrySetResult();
        await Task.Delay(request.DelayMs, context.CancellationToken);
        return request.FailWith switch
        {
            "" => new ProbeResponse { Text = "done" },
            "media" => throw new InvalidMediaException(MediaError.Truncated, "The JPEG ends inside its SOS segment."),
            "auth" => throw new AuthenticationFailedException("The API key is not a known generator key."),
            var other => throw new InvalidOperationException("internal detail " + other),
        };
    }
}

/// <summary>What the probe's handler lets a test wait for.</summary>
internal sealed class ProbeSignals
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
