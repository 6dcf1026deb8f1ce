using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Contracts.V1;
using Provenance.Testing.Service;
using ProvenanceService.Rpc;
using ProvenanceService.Tests.Hosting;
using Contract = Provenance.Contracts.V1.Provenance;

namespace ProvenanceService.Tests.Rpc;

/// <summary>
/// Request fields out of their bounds (Rpc/RequestFields.cs) are INVALID_ARGUMENT naming the field, never INTERNAL
/// and never echoing the value: ListReports with the timestamps and enum the tester sent, and an over-long
/// string in every string field of every request message of the contract.
/// </summary>
public sealed class RequestFieldsTests
{
    private const string ControlText = "\u001b[2J\r\n";

    public static TheoryData<string> BadListReports => new()
    {
        "since seconds 2^62", "until nanos -1", "since nanos 10^9", "verdict 99", "verdict -1", "platform 1025 characters",
        "page_token 1 MB",
    };

    [Theory]
    [MemberData(nameof(BadListReports))]
    public async Task ListReports_with_a_bad_field_is_invalid_argument(string bad)
    {
        var request = bad switch
        {
            "since seconds 2^62" => new ListReportsRequest { Since = new Timestamp { Seconds = 1L << 62 } },
            "until nanos -1" => new ListReportsRequest { Until = new Timestamp { Seconds = 1_700_000_000, Nanos = -1 } },
            "since nanos 10^9" => new ListReportsRequest { Since = new Timestamp { Seconds = 0, Nanos = 1_000_000_000 } },
            "verdict 99" => new ListReportsRequest { Verdict = (Verdict)99 },
            "verdict -1" => new ListReportsRequest { Verdict = (Verdict)(-1) },
            "platform 1025 characters" => new ListReportsRequest { Platform = new string('p', 1024) + ControlText[0] },
            "page_token 1 MB" => new ListReportsRequest { PageToken = new string('\u001b', 1 << 20) },
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };
        var field = bad.Split(' ')[0];
        var (app, address) = await InProcessHost.StartAsync();
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                client.ListReportsAsync(request, Bearer.Of(ExampleKeys.AuditorKey)).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith($"Invalid request: {field} ", error.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', error.Status.Detail);
            Assert.True(error.Status.Detail.Length < 300, error.Status.Detail);

            // A good request on the same host still answers: the refusals changed nothing.
            Assert.NotNull(await client.ListReportsAsync(new ListReportsRequest
            {
                Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch), Verdict = Verdict.Missing,
            }, Bearer.Of(ExampleKeys.AuditorKey)));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Over_long_strings_in_signed_and_streamed_requests_are_refused_before_the_handler()
    {
        var (app, address) = await InProcessHost.StartAsync();
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ProvenanceClient(channel);
            var huge = new string('m', 1 << 20) + ControlText;
            var generator = Bearer.Of(ExampleKeys.GeneratorKey);

            var sign = await Assert.ThrowsAsync<RpcException>(() => client.SignAsync(new SignRequest
            {
                Media = ByteString.CopyFromUtf8("not looked at"), MimeType = huge, Generation = new GenerationInfo { ModelName = "m" },
            }, generator).ResponseAsync);
            Assert.Equal(new Status(StatusCode.InvalidArgument,
                $"Invalid request: mime_type is {huge.Length} characters long; at most {RequestFields.MaxStringLength} are accepted."), sign.Status);

            var verifyStream = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                using var call = client.VerifyStream();
                await call.RequestStream.WriteAsync(new VerifyStreamRequest
                {
                    Header = new VerifyRequest { Propagation = new PropagationRequest { PropagateId = huge } },
                });
                await call.RequestStream.CompleteAsync();
                await call.ResponseAsync;
            });
            Assert.Equal(StatusCode.InvalidArgument, verifyStream.StatusCode);
            Assert.StartsWith("Invalid request: header.propagation.propagate_id is ", verifyStream.Status.Detail, StringComparison.Ordinal);

            var getManifest = await Assert.ThrowsAsync<RpcException>(() =>
                client.GetManifestAsync(new GetManifestRequest { Id = huge }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, getManifest.StatusCode);
            Assert.StartsWith("Invalid request: id is ", getManifest.Status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>Every string field reachable from any request of the contract, found from the descriptor.</summary>
    public static TheoryData<string, string> RequestStringFields()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in Contract.Descriptor.Methods)
        {
            foreach (var path in StringFields(method.InputType, "", depth: 0))
            {
                data.Add(method.Name, path);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RequestStringFields))]
    public void Every_request_string_field_is_bounded(string method, string path)
    {
        var input = Contract.Descriptor.Methods.Single(m => m.Name == method).InputType;
        var request = input.Parser.ParseFrom([]);
        SetString(request, path.Split('.'), new string('x', RequestFields.MaxStringLength));
        RequestFields.Check(request); // at the bound: accepted

        SetString(request, path.Split('.'), new string('x', RequestFields.MaxStringLength + 1));
        var error = Assert.Throws<RpcException>(() => RequestFields.Check(request));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith($"Invalid request: {path} is {RequestFields.MaxStringLength + 1} characters long", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_at_the_ends_of_their_range_are_accepted()
    {
        RequestFields.Check(new ListReportsRequest
        {
            Since = Timestamp.FromDateTimeOffset(DateTimeOffset.MinValue),
            Until = new Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 },
        });
        Assert.Throws<RpcException>(() => RequestFields.Check(new ListReportsRequest { Until = new Timestamp { Seconds = 253_402_300_800 } }));
    }

    private static IEnumerable<string> StringFields(MessageDescriptor message, string prefix, int depth)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.String && !field.IsRepeated)
            {
                yield return prefix + field.Name;
            }
            else if (field.FieldType == FieldType.Message && !field.IsRepeated && depth < 4)
            {
                foreach (var nested in StringFields(field.MessageType, prefix + field.Name + ".", depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static void SetString(IMessage message, string[] path, string value)
    {
        var field = message.Descriptor.FindFieldByName(path[0]);
        if (path.Length == 1)
        {
            field.Accessor.SetValue(message, value);
            return;
        }
        if (field.Accessor.GetValue(message) is not IMessage nested)
        {
            nested = field.MessageType.Parser.ParseFrom([]);
            field.Accessor.SetValue(message, nested);
        }
        SetString(nested, path[1..], value);
    }
}
