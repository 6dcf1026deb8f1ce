using Google.Protobuf;
using Google.Protobuf.Reflection;
using Provenance.Grpc;

namespace Provenance.Contracts.V1;

/// <summary>
/// The methods of <c>provenance.v1.Provenance</c>, built from the generated descriptor so that paths and
/// streaming kinds come from provenance.proto. Shared by the service and its clients.
/// </summary>
public static class ProvenanceMethods
{
    public static ServiceDescriptor Service => ProvenanceReflection.Descriptor.Services[0];

    public static Method<SignRequest, SignResponse> Sign { get; } = Create<SignRequest, SignResponse>("Sign");

    public static Method<SignStreamRequest, SignStreamResponse> SignStream { get; } =
        Create<SignStreamRequest, SignStreamResponse>("SignStream");

    public static Method<VerifyRequest, VerifyResponse> Verify { get; } = Create<VerifyRequest, VerifyResponse>("Verify");

    public static Method<VerifyStreamRequest, VerifyResponse> VerifyStream { get; } =
        Create<VerifyStreamRequest, VerifyResponse>("VerifyStream");

    public static Method<GetManifestRequest, GetManifestResponse> GetManifest { get; } =
        Create<GetManifestRequest, GetManifestResponse>("GetManifest");

    public static Method<ListReportsRequest, ListReportsResponse> ListReports { get; } =
        Create<ListReportsRequest, ListReportsResponse>("ListReports");

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(string name)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Method<TRequest, TResponse>.FromDescriptor(
            Service.FindMethodByName(name) ?? throw new InvalidOperationException($"provenance.proto declares no method {name}."));
}
