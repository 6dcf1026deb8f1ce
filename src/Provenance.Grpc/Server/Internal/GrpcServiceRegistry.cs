namespace Provenance.Grpc.Server.Internal;

/// <summary>The services mapped onto the host's endpoints: for UNIMPLEMENTED messages and server reflection.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly object _gate = new();
    private readonly List<GrpcServiceDefinition> _services = [];

    public bool UnimplementedEndpointMapped { get; set; }

    public void Add(GrpcServiceDefinition service)
    {
        lock (_gate)
        {
            if (_services.Any(s => s.Name == service.Name))
            {
                throw new InvalidOperationException($"The gRPC service '{service.Name}' is already mapped.");
            }
            _services.Add(service);
        }
    }

    public IReadOnlyList<GrpcServiceDefinition> Services
    {
        get
        {
            lock (_gate)
            {
                return _services.ToArray();
            }
        }
    }

    public bool Contains(string serviceName)
    {
        lock (_gate)
        {
            return _services.Any(s => s.Name == serviceName);
        }
    }
}
