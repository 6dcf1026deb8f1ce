namespace ProvenanceService.Options;

/// <summary>
/// Admission control of the expensive calls (configuration section "Admission"): how many Sign, SignStream,
/// Verify and VerifyStream calls run at once, how much memory their decodes may hold, how many may wait and for how
/// long. Applied by Rpc/CallAdmission.cs; checked at start (<see cref="AdmissionOptionsValidator"/>).
/// </summary>
internal sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>
    /// Expensive calls running at once. Each decodes, watermarks or searches a full picture and is CPU bound, so
    /// more than one per core only adds latency and memory (a 100 MP picture needs over 1 GB while it runs).
    /// </summary>
    public int MaxConcurrentCalls { get; set; } = Environment.ProcessorCount;

    /// <summary>Calls that may wait for a slot; one more is refused at once. Zero refuses whatever finds no free slot.</summary>
    public int QueueLimit { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>The longest a call waits in the queue (less when its own deadline comes first); then it is refused.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a refused caller is told to wait before retrying (the grpc-retry-pushback-ms trailer).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Estimated decode memory that the admitted calls may hold at once (Provenance.Core's Admission.DecodeCost, from the
    /// file's header: a picture's pixels x bytes per pixel; a clip's frame size, for Sign or Verify, with the ffmpeg
    /// processes it starts, about 0.7 GiB for a 1080p Sign; a sound's samples, capped by what the pipeline decodes).
    /// A call whose estimate does not fit waits in the queue like a call without a slot, and smaller calls that fit
    /// beside what it will need may pass it (Rpc/DecodeBudget.cs); one estimated above the whole budget runs alone.
    /// Default: half of the memory the runtime may use (the container's limit when there is one).
    /// </summary>
    public long MaxDecodeBytes { get; set; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>
    /// Bytes that SignStream and VerifyStream uploads may hold in memory at once while they arrive (before their
    /// call is admitted); a chunk beyond it ends its call with UNAVAILABLE at once. Default 512 MiB.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;
}
