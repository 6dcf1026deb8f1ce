using Google.Protobuf;
using Google.Protobuf.Reflection;
using Provenance.Grpc.Server.Internal;

namespace Provenance.Grpc.Server;

/// <summary>Binds a service's methods to handlers; each method's type must match the handler's shape.</summary>
public sealed class GrpcServiceDefinitionBuilder
{
    private readonly string _serviceName;
    private readonly ServiceDescriptor? _descriptor;
    private readonly List<ServerMethodBinding> _bindings = [];

    internal GrpcServiceDefinitionBuilder(string serviceName, ServiceDescriptor? descriptor)
    {
        _serviceName = serviceName;
        _descriptor = descriptor;
    }

    /// <param name="requestRefused">Optional: told when a call's request message cannot be read, so its handler never runs.</param>
    public GrpcServiceDefinitionBuilder AddUnaryMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler,
        UnaryRequestRefusedHandler? requestRefused = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method, MethodType.Unary, handler, () => new UnaryMethodBinding<TRequest, TResponse>(method, handler, requestRefused));

    public GrpcServiceDefinitionBuilder AddClientStreamingMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method, MethodType.ClientStreaming, handler, () => new ClientStreamingMethodBinding<TRequest, TResponse>(method, handler));

    public GrpcServiceDefinitionBuilder AddServerStreamingMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method, MethodType.ServerStreaming, handler, () => new ServerStreamingMethodBinding<TRequest, TResponse>(method, handler));

    public GrpcServiceDefinitionBuilder AddDuplexStreamingMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method, MethodType.DuplexStreaming, handler, () => new DuplexStreamingMethodBinding<TRequest, TResponse>(method, handler));

    /// <summary>The definition; throws when a method of the service's descriptor was left unbound.</summary>
    public GrpcServiceDefinition Build()
    {
        if (_descriptor is not null)
        {
            var missing = _descriptor.Methods
                .Where(m => _bindings.All(b => b.Method.Name != m.Name))
                .Select(m => m.Name)
                .ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Service '{_serviceName}' leaves {string.Join(", ", missing)} unbound: bind every method of the descriptor " +
                    "(a method that is not built yet throws RpcException(StatusCode.Unimplemented, ...)).");
            }
        }
        return new GrpcServiceDefinition(_serviceName, _descriptor, _bindings.ToArray());
    }

    private GrpcServiceDefinitionBuilder Add(IMethod method, MethodType expected, Delegate handler, Func<ServerMethodBinding> bind)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (method.Type != expected)
        {
            throw new ArgumentException($"{method.FullName} is {method.Type}; it cannot be bound as {expected}.", nameof(method));
        }
        if (method.ServiceName != _serviceName)
        {
            throw new ArgumentException($"{method.FullName} does not belong to service '{_serviceName}'.", nameof(method));
        }
        if (_descriptor is not null && _descriptor.FindMethodByName(method.Name) is null)
        {
            throw new ArgumentException($"{method.FullName} is not declared by {_descriptor.File.Name}.", nameof(method));
        }
        if (_bindings.Any(b => b.Method.Name == method.Name))
        {
            throw new ArgumentException($"{method.FullName} is already bound.", nameof(method));
        }
        _bindings.Add(bind());
        return this;
    }
}
