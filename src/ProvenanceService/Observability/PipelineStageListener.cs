using System.Diagnostics;
using Provenance.Core.Diagnostics;

namespace ProvenanceService.Observability;

/// <summary>
/// Turns the stage spans of Sign and Verify (Provenance.Core/Diagnostics/PipelineStages.cs) into samples of
/// <see cref="ServiceMetrics.StageEnded"/>, whether or not traces are exported: the histogram says where the CPU
/// goes in production, the spans say it for one call. Listens from host start to host stop.
/// </summary>
internal sealed class PipelineStageListener(ServiceMetrics metrics) : IHostedService, IDisposable
{
    private ActivityListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineStages.SourceName,
            // Created with their tags, but not marked recorded: exported only when a configured tracer samples them.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
    }

    private void Stopped(Activity activity)
    {
        if (activity.GetTagItem(PipelineStages.StageTag) is string stage && activity.GetTagItem(PipelineStages.OperationTag) is string operation)
        {
            metrics.StageEnded(operation, stage, activity.Duration);
        }
    }
}
