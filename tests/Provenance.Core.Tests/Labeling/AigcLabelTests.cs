using Provenance.Core.Labeling;

namespace Provenance.Core.Tests.Labeling;

public sealed class AigcLabelTests
{
    [Fact]
    public void The_JSON_has_every_field_in_the_annex_order_with_non_ASCII_escaped()
    {
        var label = new AigcLabel
        {
            Label = AigcLabel.AiGenerated,
            ContentProducer = "生成者-001",
            ProduceId = "urn:c2pa:1\"2",
        };

        Assert.Equal(
            """{"AIGC":{"Label":"1","ContentProducer":"\u751F\u6210\u8005-001","ProduceID":"urn:c2pa:1\u00222","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""}}""",
            label.ToJson());
        Assert.Equal(label, AigcLabel.TryParse(label.ToJson()));
    }
}
