using Grpc.Core;

namespace Provenance.Testing.Service;

/// <summary>Request headers that present an API key as the service expects it: <c>authorization: Bearer &lt;key&gt;</c>.</summary>
internal static class Bearer
{
    public static Metadata Of(string apiKey) => new() { { "authorization", "Bearer " + apiKey } };
}
