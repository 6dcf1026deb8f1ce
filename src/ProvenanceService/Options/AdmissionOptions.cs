namespace ProvenanceService.Options;

/// <summary>
/// Admission control of the expensive calls (configuration section "Admission"): how many Sign, SignStream,
/// Verify and VerifyStream calls run at once, how many may wait for a slot and for how long. Applied by
/// Rpc/AdmissionInterceptor.cs; checked at start (<see cref="AdmissionOptionsValidator"/>).
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
}
