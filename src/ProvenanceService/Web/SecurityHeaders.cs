namespace ProvenanceService.Web;

/// <summary>
/// Headers on every response of the web port: the page loads only its own script and style files (no inline
/// script, no third-party origin), shows thumbnails (pictures, and a video's first frame) from blob: URLs it made itself, talks only to this origin, and
/// cannot be framed; browsers must not guess MIME types.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; media-src blob:; connect-src 'self'; " +
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    public static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
