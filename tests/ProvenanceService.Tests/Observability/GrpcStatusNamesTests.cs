using Grpc.Core;
using ProvenanceService.Observability;

namespace ProvenanceService.Tests.Observability;

public sealed class GrpcStatusNamesTests
{
    /// <summary>The names in grpc/doc/statuscodes.md, which the status label of the metrics uses.</summary>
    [Theory]
    [InlineData(StatusCode.OK, "OK")]
    [InlineData(StatusCode.Cancelled, "CANCELLED")]
    [InlineData(StatusCode.Unknown, "UNKNOWN")]
    [InlineData(StatusCode.InvalidArgument, "INVALID_ARGUMENT")]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED")]
    [InlineData(StatusCode.NotFound, "NOT_FOUND")]
    [InlineData(StatusCode.AlreadyExists, "ALREADY_EXISTS")]
    [InlineData(StatusCode.PermissionDenied, "PERMISSION_DENIED")]
    [InlineData(StatusCode.ResourceExhausted, "RESOURCE_EXHAUSTED")]
    [InlineData(StatusCode.FailedPrecondition, "FAILED_PRECONDITION")]
    [InlineData(StatusCode.Aborted, "ABORTED")]
    [InlineData(StatusCode.OutOfRange, "OUT_OF_RANGE")]
    [InlineData(StatusCode.Unimplemented, "UNIMPLEMENTED")]
    [InlineData(StatusCode.Internal, "INTERNAL")]
    [InlineData(StatusCode.Unavailable, "UNAVAILABLE")]
    [InlineData(StatusCode.DataLoss, "DATA_LOSS")]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED")]
    public void Every_status_has_its_canonical_name(StatusCode status, string name) =>
        Assert.Equal(name, GrpcStatusNames.Name(status));
}
