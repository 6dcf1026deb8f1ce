namespace ProvenanceService.Web;

/// <summary>
/// An error body in the shape gRPC JSON transcoding writes (google.rpc.Status as JSON), so that clients of the web
/// port read one error format whether the route is transcoded or served here.
/// </summary>
internal sealed record JsonError(int Code, string Message)
{
    public string[] Details { get; } = [];
}
