using Provenance.Grpc;
using ProvenanceService.Tests.Hosting;

namespace ProvenanceService.Tests.Interop;

/// <summary>
/// The real service process driven by grpc-js and by python3-grpcio (tests/interop/grpc-client.mjs and
/// grpc_client.py, suite "service").
/// </summary>
[Collection(ServiceProcessCollection.Name)]
public sealed class ForeignClientServiceTests(ServiceProcessFixture fixture)
{
    public static TheoryData<string> Clients => ["node", "python"];

    public static TheoryData<string, string> ClientsAndRpcs
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var client in new[] { "node", "python" })
            {
                foreach (var rpc in new[] { "Sign", "SignStream", "Verify", "VerifyStream", "GetManifest", "ListReports" })
                {
                    data.Add(client, rpc);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Health_is_serving(string client)
    {
        var results = fixture.Foreign[client];
        Assert.Equal("SERVING", results.String("health_check:", "status"));
        Assert.Equal("SERVING", results.String("health_check:provenance.v1.Provenance", "status"));
        Assert.Equal((int)StatusCode.NotFound, results.Code("health_check_unknown"));
        Assert.Equal("SERVING", results.String("health_watch", "status"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Reflection_describes_the_contract(string client)
    {
        var results = fixture.Foreign[client];
        Assert.Equal(["grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "provenance.v1.Provenance"], results.Strings("reflection_list", "services"));
        Assert.Equal(["provenance/v1/provenance.proto", "google/protobuf/timestamp.proto"], results.Strings("reflection_symbol", "files"));
        Assert.Equal(["Sign", "SignStream", "Verify", "VerifyStream", "GetManifest", "ListReports"], results.Strings("reflection_symbol", "methods"));
        Assert.Equal((int)StatusCode.NotFound, results.Integer("reflection_unknown", "error_code"));
    }

    [Theory]
    [MemberData(nameof(ClientsAndRpcs))]
    public void Rpcs_not_built_yet_are_unimplemented(string client, string rpc) =>
        Assert.Equal((int)StatusCode.Unimplemented, fixture.Foreign[client].Code("rpc:" + rpc));

    [Theory]
    [MemberData(nameof(Clients))]
    public void Oversize_request_is_resource_exhausted(string client) =>
        Assert.Equal((int)StatusCode.ResourceExhausted, fixture.Foreign[client].Code("oversize"));

    [Theory]
    [MemberData(nameof(Clients))]
    public void Unknown_method_is_unimplemented(string client) =>
        Assert.Equal((int)StatusCode.Unimplemented, fixture.Foreign[client].Code("unknown_method"));
}
