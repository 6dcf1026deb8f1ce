using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using ProvenanceService.Storage.Faults;

namespace ProvenanceService.Observability;

/// <summary>
/// The service's own instruments, on one <see cref="Meter"/> named <see cref="MeterName"/> (exported by
/// OpenTelemetry, Observability/MetricsExtensions.cs). ASP.NET Core's HTTP metrics count every gRPC call as
/// HTTP 200 whatever its gRPC status, so calls are counted here by RPC and status; the README lists every name
/// and label.
/// </summary>
internal sealed class ServiceMetrics
{
    public const string MeterName = "ProvenanceService";

    /// <summary>Seconds. Sign and Verify of a 1 MP photo take tens to hundreds of milliseconds; a stalled store, seconds.</summary>
    private static readonly double[] DurationBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>Seconds. Stages are fractions of a call: finer at the low end, where a store read or a hash sits.</summary>
    private static readonly InstrumentAdvice<double> StageAdvice = new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _callDuration;
    private readonly Counter<long> _verdicts;
    private readonly Histogram<double> _storeDuration;
    private readonly Counter<long> _storeFaults;
    private readonly Histogram<double> _stageDuration;

    public ServiceMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };
        _calls = meter.CreateCounter<long>("provenance.rpc.calls", "{call}", "gRPC calls (also those through the HTTP/JSON routes) by service, method and status");
        _callDuration = meter.CreateHistogram("provenance.rpc.duration", "s", "Time from the call reaching the first interceptor to its status", advice: seconds);
        _verdicts = meter.CreateCounter<long>("provenance.verify.verdicts", "{verdict}", "Verify outcomes by verdict");
        _storeDuration = meter.CreateHistogram("provenance.store.duration", "s", "Store operations by operation and outcome", advice: seconds);
        _storeFaults = meter.CreateCounter<long>("provenance.store.faults", "{fault}", "Store operations that failed for a reason not the caller's, by kind");
        _stageDuration = meter.CreateHistogram("provenance.stage.duration", "s",
            "Stages of Sign and Verify (decode, watermark, manifest, fingerprint, store) by operation and stage; one sample per stage run", advice: StageAdvice);
    }

    public void CallEnded(string service, string method, StatusCode status, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "rpc.service", service },
            { "rpc.method", method },
            { "rpc.grpc.status", GrpcStatusNames.Name(status) },
        };
        _calls.Add(1, tags);
        _callDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>One stage of Sign or Verify ended (Observability/PipelineStageListener.cs).</summary>
    public void StageEnded(string operation, string stage, TimeSpan elapsed) =>
        _stageDuration.Record(elapsed.TotalSeconds, new TagList { { "operation", operation }, { "stage", stage } });

    public void Verdict(string verdict) => _verdicts.Add(1, new KeyValuePair<string, object?>("verdict", verdict));

    /// <summary>Records one store operation; <paramref name="failure"/> is null when it succeeded.</summary>
    public void StoreOperation(string operation, TimeSpan elapsed, Exception? failure)
    {
        var outcome = failure switch
        {
            null => "ok",
            StoreFullException => "full",
            StoreUnavailableException => "unavailable",
            StoreLostException => "lost",
            StoreFaultException => "fault",
            OperationCanceledException => "cancelled",
            // The caller's own problem (e.g. a duplicate watermark ID): not a fault of the store.
            _ => "refused",
        };
        _storeDuration.Record(elapsed.TotalSeconds, new TagList { { "operation", operation }, { "outcome", outcome } });
        if (failure is StoreFaultException)
        {
            _storeFaults.Add(1, new TagList { { "operation", operation }, { "fault", outcome } });
        }
    }
}
