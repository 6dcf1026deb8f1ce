namespace Provenance.Core.Labeling;

/// <summary>IPTC digital source type terms (http://cv.iptc.org/newscodes/digitalsourcetype/) that mean AI involvement.</summary>
public static class DigitalSourceTypes
{
    private const string Vocabulary = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    /// <summary>Created by a trained model with no captured content (fully AI-generated).</summary>
    public const string TrainedAlgorithmicMedia = Vocabulary + "trainedAlgorithmicMedia";

    /// <summary>Captured content edited or composited with a trained model.</summary>
    public const string CompositeWithTrainedAlgorithmicMedia = Vocabulary + "compositeWithTrainedAlgorithmicMedia";

    /// <summary>True for the terms that declare AI generation or AI editing.</summary>
    public static bool IsAiGenerated(string? term) =>
        string.Equals(term, TrainedAlgorithmicMedia, StringComparison.Ordinal) ||
        string.Equals(term, CompositeWithTrainedAlgorithmicMedia, StringComparison.Ordinal);
}
