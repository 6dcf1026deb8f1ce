using Provenance.Grpc;
using Provenance.Grpc.Client;

namespace Provenance.Testing.Service;

/// <summary>Call options that present an API key as the service expects it: <c>authorization: Bearer &lt;key&gt;</c>.</summary>
internal static class Bearer
{
    public static CallOptions Of(string apiKey) => new() { Headers = new Metadata { { "authorization", "Bearer " + apiKey } } };
}
