using System.Collections.Concurrent;
using System.Diagnostics;
using Provenance.Core.Diagnostics;

namespace Provenance.Benchmarks;

/// <summary>
/// Sums the durations of the pipeline's stage spans (Provenance.Core/Diagnostics/PipelineStages.cs) while it is
/// open, per stage and per label the bench sets before each call: the media timings print it under their ratios to
/// say where a call's time goes. Durations of nested stages are each counted in full.
/// </summary>
internal sealed class StageClock : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<(string Label, string Stage), double> _seconds = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public StageClock()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineStages.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>What the stages that end from now on are counted under; null stops counting.</summary>
    public string? Label { get; private set; }

    public void Count(string? label)
    {
        Label = label;
        if (label is not null)
        {
            _calls.AddOrUpdate(label, 1, (_, n) => n + 1);
        }
    }

    /// <summary>One line per label: each stage's mean seconds per call, longest first.</summary>
    public void Print(TextWriter writer)
    {
        foreach (var label in _calls.Keys.Order())
        {
            var calls = _calls[label];
            var stages = _seconds.Where(p => p.Key.Label == label).OrderByDescending(p => p.Value).Select(p => $"{p.Key.Stage} {p.Value / calls:0.000} s");
            writer.WriteLine($"  stages, {label} (mean of {calls}): {string.Join(", ", stages)}");
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Stopped(Activity activity)
    {
        if (Label is { } label && activity.GetTagItem(PipelineStages.StageTag) is string stage)
        {
            _seconds.AddOrUpdate((label, stage), activity.Duration.TotalSeconds, (_, s) => s + activity.Duration.TotalSeconds);
        }
    }
}
