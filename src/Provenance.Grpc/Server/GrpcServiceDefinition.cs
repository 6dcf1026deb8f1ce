using Google.Protobuf.Reflection;
using Provenance.Grpc.Server.Internal;

namespace Provenance.Grpc.Server;

/// <summary>
/// A service ready to be mapped: its name, its protobuf descriptor (for server reflection) and its methods
/// bound to handlers. Built with <see cref="CreateBuilder(ServiceDescriptor)"/>.
/// </summary>
public sealed class GrpcServiceDefinition
{
    internal GrpcServiceDefinition(string name, ServiceDescriptor? descriptor, IReadOnlyList<ServerMethodBinding> bindings)
    {
        Name = name;
        Descriptor = descriptor;
        Bindings = bindings;
    }

    /// <summary>The fully qualified service name, e.g. <c>grpc.health.v1.Health</c>.</summary>
    public string Name { get; }

    /// <summary>The service's descriptor from the generated code; null for a service built by name only,
    /// which server reflection then lists without files.</summary>
    public ServiceDescriptor? Descriptor { get; }

    public IEnumerable<IMethod> Methods => Bindings.Select(b => b.Method);

    internal IReadOnlyList<ServerMethodBinding> Bindings { get; }

    /// <summary>
    /// Starts a service declared in a .proto file; <see cref="GrpcServiceDefinitionBuilder.Build"/> then checks
    /// that every method of the descriptor is bound.
    /// </summary>
    public static GrpcServiceDefinitionBuilder CreateBuilder(ServiceDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new GrpcServiceDefinitionBuilder(descriptor.FullName, descriptor);
    }

    /// <summary>Starts a service known only by name (no reflection data).</summary>
    public static GrpcServiceDefinitionBuilder CreateBuilder(string serviceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        return new GrpcServiceDefinitionBuilder(serviceName, null);
    }
}
