using Provenance.Core.Labeling;
using XmpCore;

namespace Provenance.Core.Tests.Labeling;

public sealed class AigcMetadataTests
{
    private static readonly AigcLabel Label = new()
    {
        Label = AigcLabel.AiGenerated,
        ContentProducer = "EXAMPLEAILABS-GEN",
        ProduceId = "urn:c2pa:0b5f6c1e-1a2b-4c3d-8e9f-001122334455",
        ReservedCode1 = "wm:00112233aabbccdd",
    };

    [Fact]
    public void A_label_written_into_a_new_packet_reads_back_unchanged()
    {
        var xmp = AigcMetadata.Write(null, Label, DigitalSourceTypes.TrainedAlgorithmicMedia);
        var (label, sourceType) = AigcMetadata.Read(xmp);
        Assert.Equal(Label, label);
        Assert.Equal(DigitalSourceTypes.TrainedAlgorithmicMedia, sourceType);
    }

    [Fact]
    public void An_independent_XMP_parser_reads_the_label_and_source_type()
    {
        var xmp = AigcMetadata.Write(null, Label, DigitalSourceTypes.TrainedAlgorithmicMedia);
        var meta = XmpMetaFactory.ParseFromString(xmp);
        Assert.Equal(Label.ToJson(), meta.GetPropertyString(AigcMetadata.Tc260.NamespaceName, "AIGC"));
        Assert.Equal(DigitalSourceTypes.TrainedAlgorithmicMedia, meta.GetPropertyString(AigcMetadata.IptcExt.NamespaceName, "DigitalSourceType"));
    }

    [Fact]
    public void Writing_into_an_existing_packet_keeps_its_other_properties_and_replaces_an_old_label()
    {
        const string existing = """
            <?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
                  xmlns:TC260="http://www.tc260.org.cn/ns/AIGC/1.0/" xmp:CreatorTool="Some Editor 1.0">
               <TC260:AIGC>{"AIGC":{"Label":"3"}}</TC260:AIGC>
               <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Sunset</rdf:li></rdf:Alt></dc:title>
              </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """;
        var xmp = AigcMetadata.Write(existing, Label, DigitalSourceTypes.TrainedAlgorithmicMedia);

        var meta = XmpMetaFactory.ParseFromString(xmp);
        Assert.Equal("Some Editor 1.0", meta.GetPropertyString("http://ns.adobe.com/xap/1.0/", "CreatorTool"));
        Assert.Equal("Sunset", meta.GetLocalizedText("http://purl.org/dc/elements/1.1/", "title", null, "x-default").Value);
        Assert.Equal(Label, AigcMetadata.Read(xmp).Label);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(xmp, "AIGC&quot;|\"AIGC\""));
    }

    [Fact]
    public void A_packet_with_a_DTD_is_not_parsed()
    {
        const string hostile = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:TC260="http://www.tc260.org.cn/ns/AIGC/1.0/" TC260:AIGC="&lol2;"/></rdf:RDF></x:xmpmeta>
            """;
        Assert.Null(XmpPacket.TryParse(hostile));
        Assert.Equal((null, null), AigcMetadata.Read(hostile));
        // And writing over it starts a fresh packet rather than failing.
        Assert.Equal(Label, AigcMetadata.Read(AigcMetadata.Write(hostile, Label, DigitalSourceTypes.TrainedAlgorithmicMedia)).Label);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"Label":"1"}""")]
    [InlineData("""{"AIGC":{"Label":1}}""")]
    [InlineData("""{"AIGC":{"Label":""}}""")]
    [InlineData("""{"AIGC":{"Label":"1","ContentProducer":{"x":"y"}}}""")]
    [InlineData("""{"AIGC":{"Label":"1","ContentProducer":[[[[[["deep"]]]]]]}}""")]
    public void Malformed_label_json_is_not_a_label(string json)
    {
        Assert.Null(AigcLabel.TryParse(json));
    }

    [Fact]
    public void Oversized_label_json_is_not_parsed()
    {
        var json = "{\"AIGC\":{\"Label\":\"1\",\"ReservedCode1\":\"" + new string('a', AigcLabel.MaxJsonBytes) + "\"}}";
        Assert.Null(AigcLabel.TryParse(json));
    }

    [Fact]
    public void Missing_optional_fields_read_as_empty_strings()
    {
        var label = AigcLabel.TryParse("""{"AIGC":{"Label":"2","ContentPropagator":"P"}}""");
        Assert.Equal(new AigcLabel { Label = "2", ContentPropagator = "P" }, label);
        Assert.True(label!.DeclaresAi);
    }
}
