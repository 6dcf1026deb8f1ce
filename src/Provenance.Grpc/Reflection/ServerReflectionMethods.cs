using Grpc.Reflection.V1Alpha;

namespace Provenance.Grpc.Reflection;

/// <summary>The method of <c>grpc.reflection.v1alpha.ServerReflection</c>, for servers and clients.</summary>
public static class ServerReflectionMethods
{
    public const string ServiceName = "grpc.reflection.v1alpha.ServerReflection";

    public static Method<ServerReflectionRequest, ServerReflectionResponse> ServerReflectionInfo { get; } =
        Method<ServerReflectionRequest, ServerReflectionResponse>.FromDescriptor(
            ReflectionReflection.Descriptor.Services[0].FindMethodByName("ServerReflectionInfo"));
}
