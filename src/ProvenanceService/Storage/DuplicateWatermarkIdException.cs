namespace ProvenanceService.Storage;

/// <summary>
/// A watermark ID that is already stored; the caller draws another and tries again. Stores recognise it by the
/// database's own error code for that unique constraint, never by the wording of its message.
/// </summary>
internal sealed class DuplicateWatermarkIdException(string watermarkId, Exception? inner = null)
    : Exception($"Watermark ID {watermarkId} is already in use.", inner)
{
    public string WatermarkId { get; } = watermarkId;
}
