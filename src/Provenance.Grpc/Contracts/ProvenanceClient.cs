using Provenance.Grpc.Client;

namespace Provenance.Contracts.V1;

/// <summary>A typed client for <c>provenance.v1.Provenance</c> over a <see cref="GrpcChannel"/>.</summary>
public sealed class ProvenanceClient(GrpcChannel channel)
{
    public AsyncUnaryCall<SignResponse> SignAsync(SignRequest request, CallOptions? options = null) =>
        channel.UnaryCall(ProvenanceMethods.Sign, request, options);

    /// <summary>Send a header then chunks; read a header then chunks (see provenance.proto).</summary>
    public AsyncDuplexStreamingCall<SignStreamRequest, SignStreamResponse> SignStream(CallOptions? options = null) =>
        channel.DuplexStreamingCall(ProvenanceMethods.SignStream, options);

    public AsyncUnaryCall<VerifyResponse> VerifyAsync(VerifyRequest request, CallOptions? options = null) =>
        channel.UnaryCall(ProvenanceMethods.Verify, request, options);

    /// <summary>Send a header then chunks, complete, await the verdict.</summary>
    public AsyncClientStreamingCall<VerifyStreamRequest, VerifyResponse> VerifyStream(CallOptions? options = null) =>
        channel.ClientStreamingCall(ProvenanceMethods.VerifyStream, options);

    public AsyncUnaryCall<GetManifestResponse> GetManifestAsync(GetManifestRequest request, CallOptions? options = null) =>
        channel.UnaryCall(ProvenanceMethods.GetManifest, request, options);

    public AsyncUnaryCall<ListReportsResponse> ListReportsAsync(ListReportsRequest request, CallOptions? options = null) =>
        channel.UnaryCall(ProvenanceMethods.ListReports, request, options);
}
