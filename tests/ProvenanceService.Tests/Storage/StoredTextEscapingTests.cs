using ProvenanceService.Storage;

namespace ProvenanceService.Tests.Storage;

/// <summary>
/// Caller and file text kept in the audit log and in reports is escaped and bounded when the record is made, so
/// no store, export or terminal ever sees a raw control character or a megabyte-long field (issue 20, fault 5).
/// </summary>
public class StoredTextEscapingTests
{
    [Fact]
    public void An_audit_detail_is_escaped_and_bounded()
    {
        var detail = "image/jpeg, model \u001B[2J\r\nforged" + new string('m', 1 << 20);
        var entry = new SignAuditEntry(DateTimeOffset.UnixEpoch, "generator", "InvalidArgument", null, null, null, 10, detail);
        Assert.StartsWith(@"image/jpeg, model \e[2J\r\nforged", entry.Detail);
        Assert.DoesNotContain(entry.Detail!, char.IsControl);
        Assert.InRange(entry.Detail!.Length, SignAuditEntry.MaxDetailLength, SignAuditEntry.MaxDetailLength + 64);
        Assert.Null((entry with { Detail = null }).Detail);
    }

    [Fact]
    public void A_reports_manifest_label_from_the_file_is_escaped()
    {
        var report = new VerificationReport("rpt_1", DateTimeOffset.UnixEpoch, "platform", "00", "tampered", [], null,
            "urn:c2pa:\u001B]0;owned\u0007", "image/png", null);
        Assert.Equal(@"urn:c2pa:\e]0;owned\u0007", report.ManifestId);
    }
}
