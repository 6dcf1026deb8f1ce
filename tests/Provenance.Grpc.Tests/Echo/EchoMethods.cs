using Provenance.Grpc.Tests.Echo;

namespace Provenance.Grpc.Tests.Echo;

internal static class EchoMethods
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = EchoReflection.Descriptor.Services[0];

    public static Method<EchoRequest, EchoResponse> Unary { get; } = Method<EchoRequest, EchoResponse>.FromDescriptor(Service.FindMethodByName("Unary"));

    public static Method<EchoRequest, EchoResponse> ClientStream { get; } = Method<EchoRequest, EchoResponse>.FromDescriptor(Service.FindMethodByName("ClientStream"));

    public static Method<EchoRequest, EchoResponse> ServerStream { get; } = Method<EchoRequest, EchoResponse>.FromDescriptor(Service.FindMethodByName("ServerStream"));

    public static Method<EchoRequest, EchoResponse> Bidi { get; } = Method<EchoRequest, EchoResponse>.FromDescriptor(Service.FindMethodByName("Bidi"));
}
