namespace Provenance.Grpc;

/// <summary>The outcome of a call: a code and a human-readable detail (sent percent-encoded as <c>grpc-message</c>).</summary>
public readonly record struct Status(StatusCode Code, string Detail)
{
    public static Status Ok { get; } = new(StatusCode.OK, string.Empty);

    public override string ToString() => $"Status(StatusCode=\"{Code}\", Detail=\"{Detail}\")";
}
