using Provenance.Grpc;
using Provenance.Grpc.Server;

namespace Provenance.Grpc.Tests.Server;

/// <summary>The host's exception mappings, as a service that records outcomes looks them up.</summary>
public class ExceptionMappingTests
{
    [Fact]
    public void The_first_mapping_whose_type_matches_gives_the_status_and_an_unmapped_exception_none()
    {
        var options = new GrpcServerOptions()
            .MapException<ArgumentException>(e => new Status(StatusCode.InvalidArgument, "argument: " + e.Message))
            .MapException<ArgumentNullException>(_ => new Status(StatusCode.FailedPrecondition, "never reached"))
            .MapException<KeyNotFoundException>(e => new Status(StatusCode.NotFound, e.Message));

        Assert.Equal(new Status(StatusCode.InvalidArgument, "argument: bad"), options.MappedStatus(new ArgumentException("bad")));
        // A subclass matches its base's mapping, registered first.
        Assert.Equal(StatusCode.InvalidArgument, options.MappedStatus(new ArgumentNullException("x"))?.Code);
        Assert.Equal(new Status(StatusCode.NotFound, "gone"), options.MappedStatus(new KeyNotFoundException("gone")));
        Assert.Null(options.MappedStatus(new InvalidOperationException("unmapped")));
    }
}
