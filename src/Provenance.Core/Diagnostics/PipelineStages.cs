using System.Diagnostics;

namespace Provenance.Core.Diagnostics;

/// <summary>
/// Trace spans for the coarse stages of Sign and Verify (decode, watermark, manifest, fingerprint, store), on one
/// <see cref="ActivitySource"/> named <see cref="SourceName"/>. Core only marks where a stage begins and ends; who
/// listens (the service turns each stage span into a histogram sample and, with OTLP configured, exports the
/// spans: ProvenanceService/Observability) is the host's business. With no listener a stage costs one check and
/// returns null; spans open around whole stages, never inside pixel or byte loops.
/// </summary>
public static class PipelineStages
{
    public const string SourceName = "Provenance.Pipeline";

    /// <summary>Tag on every span of this source: <see cref="Sign"/> or <see cref="Verify"/>.</summary>
    public const string OperationTag = "provenance.operation";

    /// <summary>Tag on stage spans only (not on the operation's own span): the stage's name.</summary>
    public const string StageTag = "provenance.stage";

    public const string Sign = "sign";
    public const string Verify = "verify";

    public const string Decode = "decode";
    public const string Label = "label";
    public const string WatermarkEmbed = "watermark_embed";
    public const string WatermarkDetect = "watermark_detect";
    public const string Encode = "encode";
    public const string Fingerprint = "fingerprint";
    public const string ManifestBuild = "manifest_build";
    public const string ManifestValidate = "manifest_validate";
    public const string Store = "store";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The span of a whole Sign or Verify call, parent of its stages; null when nobody listens.</summary>
    public static Activity? StartOperation(string operation)
    {
        var activity = Source.StartActivity(operation);
        activity?.SetTag(OperationTag, operation);
        return activity;
    }

    /// <summary>A stage of <paramref name="operation"/>; dispose it when the stage ends. Null when nobody listens.</summary>
    public static Activity? Start(string operation, string stage)
    {
        var activity = Source.StartActivity(operation + "." + stage);
        if (activity is not null)
        {
            activity.SetTag(OperationTag, operation);
            activity.SetTag(StageTag, stage);
        }
        return activity;
    }
}
