using Provenance.Core.Formats.Metadata;
using Provenance.Core.Labeling;

namespace Provenance.Fuzz.Targets;

/// <summary>An XMP packet's bytes as a container yields them: decoding, the AIGC label read, and its rewrite.</summary>
internal static class XmpTarget
{
    private static readonly AigcLabel Label = new() { Label = AigcLabel.AiGenerated, ContentProducer = "fuzz", ProduceId = "urn:fuzz" };

    public static void Xmp(byte[] data)
    {
        var text = XmpText.Decode(data);
        XmpText.ExtendedXmpGuid(text);
        AigcMetadata.Read(text);
        AigcMetadata.Write(text, Label, DigitalSourceTypes.TrainedAlgorithmicMedia);
    }
}
