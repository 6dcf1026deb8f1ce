using System.Globalization;
using Microsoft.Extensions.Options;
using ProvenanceService.Options;

namespace ProvenanceService.Rpc;

/// <summary>
/// Bounds the memory that SignStream and VerifyStream uploads hold while they arrive, before admission
/// (<see cref="CallAdmission"/>) gives them a slot: each call reserves its chunks as it reads them, and a chunk that
/// would take the host past <see cref="AdmissionOptions.MaxUploadBytes"/> ends its call at once with UNAVAILABLE and
/// a retry hint. No call waits here, so a slow uploader holds only the bytes it has sent; each upload is also
/// bounded on its own by Limits:MaxFileBytes (<see cref="StreamedMedia"/>).
/// </summary>
internal sealed class UploadBudget(IOptions<AdmissionOptions> options, ILogger<UploadBudget> logger)
{
    private readonly AdmissionOptions settings = options.Value;
    private readonly ILogger<UploadBudget> logger = logger;
    private long held;

    /// <summary>Bytes reserved by uploads now (for tests and diagnostics).</summary>
    public long HeldBytes => Interlocked.Read(ref held);

    /// <summary>One call's share, released when the call is done with its upload.</summary>
    public Reservation Open(string method) => new(this, method);

    internal sealed class Reservation(UploadBudget budget, string method) : IDisposable
    {
        private long reserved;

        /// <summary>Reserves <paramref name="bytes"/> more; throws UNAVAILABLE when the host's upload budget is spent.</summary>
        public void Add(long bytes)
        {
            var settings = budget.settings;
            if (Interlocked.Add(ref budget.held, bytes) > settings.MaxUploadBytes)
            {
                Interlocked.Add(ref budget.held, -bytes);
                var why = string.Create(CultureInfo.InvariantCulture,
                    $"uploads in progress hold the {settings.MaxUploadBytes / (1024 * 1024)} MiB the server keeps for them");
                budget.logger.LogWarning("gRPC {Method}: refused: {Reason}", method, why);
                throw CallAdmission.Busy(why, settings.RetryAfter);
            }
            reserved += bytes;
        }

        public void Dispose()
        {
            Interlocked.Add(ref budget.held, -reserved);
            reserved = 0;
        }
    }
}
